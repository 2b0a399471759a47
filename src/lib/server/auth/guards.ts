import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Role } from '../db/schema.ts';
import type { SessionUser } from './session.ts';

/** Where each role starts after signing in. */
export const HOME_BY_ROLE: Record<Role, string> = {
	learner: '/',
	trainer: '/trainer',
	staff: '/staff/records',
	admin: '/admin'
};

/**
 * A path on this site to return to after signing in, or null for anything else (open redirects).
 * `next` is resolved the way the browser will resolve it, so tricks that only look like a path
 * ("/.//evil.example", "/\evil.example", a tab inside "//") are judged by where they really lead.
 */
export function safeNextPath(next: string | null | undefined, origin: string): string | null {
	if (!next || !next.startsWith('/')) return null;
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return null;
	}
	if (url.origin !== new URL(origin).origin) return null;
	const path = url.pathname + url.search + url.hash;
	// A path that begins with two slashes is read as another host when sent back in a Location header.
	if (/^[/\\]{2}/.test(path)) return null;
	return path;
}

function signInRedirect(event: RequestEvent): never {
	const next = event.url.pathname + event.url.search;
	redirect(303, localizeHref(`/login?next=${encodeURIComponent(next)}`));
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser(): SessionUser {
	const event = getRequestEvent();
	const user = event.locals.user;
	if (!user) signInRedirect(event);
	return user;
}

/** The signed-in user if their role is one of `roles`; otherwise sign-in (anonymous) or 403. */
export function requireRole<R extends Role>(...roles: R[]): SessionUser & { role: R } {
	const user = requireUser();
	if (!roles.includes(user.role as R)) error(403, 'forbidden');
	return user as SessionUser & { role: R };
}

/** A signed-in staff member with the township their account is bound to. */
export type StaffUser = SessionUser & { role: 'staff'; townshipId: number };

/**
 * `user` as a staff member with a township, or 403: a staff account saved without a township (an admin's
 * mistake) may see nothing rather than every page crashing on the missing township.
 */
export function asStaffWithTownship(user: SessionUser & { role: 'staff' }): StaffUser {
	if (user.townshipId === null) error(403, 'forbidden');
	return user as StaffUser;
}

/** The signed-in staff member and their township; otherwise sign-in (anonymous) or 403. */
export function requireStaff(): StaffUser {
	return asStaffWithTownship(requireRole('staff'));
}

/** The roles allowed in each route group; loads and actions check again, this is the second lock. */
export const ROLES_BY_GROUP: Record<string, Role[]> = {
	'(trainer)': ['trainer', 'admin'],
	'(staff)': ['staff'],
	'(admin)': ['admin']
};

/** The roles a route id (e.g. "/(staff)/staff/learners") is restricted to, or null when it is open. */
export function rolesForRoute(routeId: string | null): Role[] | null {
	const group = routeId?.split('/')[1];
	return (group && ROLES_BY_GROUP[group]) || null;
}
