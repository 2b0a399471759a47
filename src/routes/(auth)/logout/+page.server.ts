import { redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { invalidateSession, invalidateUserSessions, SESSION_COOKIE } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (a link or prefetch must never sign anyone out).
export const load: PageServerLoad = () => redirect(303, localizeHref('/me'));

async function endSessions(event: RequestEvent, everywhere: boolean): Promise<never> {
	const { locals, cookies } = event;
	if (locals.session) {
		if (everywhere) await invalidateUserSessions(locals.session.userId);
		else await invalidateSession(locals.session.id);
	}
	cookies.delete(SESSION_COOKIE, { path: '/' });
	// The browser's own cache may still hold this person's pages for Back: drop it. Only "cache": "storage" would
	// also wipe the outbox, where this or another family member's records may wait to be sent. The service
	// worker drops its own copies when it sees this request (src/lib/offline/forget-personal.ts).
	event.setHeaders({ 'clear-site-data': '"cache"' });
	redirect(303, localizeHref('/login'));
}

export const actions: Actions = {
	here: (event) => endSessions(event, false),
	everywhere: (event) => endSessions(event, true)
};
