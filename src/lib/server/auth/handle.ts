import { error, redirect, type Handle } from '@sveltejs/kit';
import { deLocalizeUrl, localizeHref } from '$lib/paraglide/runtime';
import { rolesForRoute } from './guards.ts';
import { SESSION_COOKIE, sessionCookieOptions, validateSessionToken } from './session.ts';

/** Paths a user who must change their password may still open. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/password', '/logout', '/healthz']);

/** Reads the session cookie into `locals`, renews it, and keeps each route group to its roles. */
export const authHandle: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const { session, user, renewed } = token
		? await validateSessionToken(token)
		: { session: null, user: null, renewed: false };
	// Sent again only when its expiry moved: a Set-Cookie makes an answer personal (never kept by any cache),
	// so sending it on every request would keep even the pages that are the same for everyone off the phone.
	if (token && session && renewed) {
		event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(session.expiresAt, event.url.protocol === 'https:'));
	} else if (token && !session) {
		event.cookies.delete(SESSION_COOKIE, { path: '/' });
	}
	event.locals.session = session;
	event.locals.user = user;

	const path = deLocalizeUrl(event.url).pathname;
	if (user?.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(path) && event.route.id) {
		redirect(303, localizeHref('/password'));
	}
	const roles = rolesForRoute(event.route.id);
	if (roles) {
		if (!user) redirect(303, localizeHref(`/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`));
		if (!roles.includes(user.role)) error(403, 'forbidden');
	}
	return resolve(event);
};
