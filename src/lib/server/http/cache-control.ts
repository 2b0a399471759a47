// What browsers, proxies and the service worker may keep of each answer, decided in one place.
//
// A family shares one phone. The browser's cache keeps pages for the Back button, the service worker keeps them
// by address for offline use, and both hand them to whoever holds the phone next. So an answer is kept only when
// it is the same for everyone who asks: its route is listed in SHARED_ROUTES and it sets no cookie. It is then
// `no-cache` (kept, but asked for again whenever there is a network). Every other answer, and every answer to a
// signed-in request outside that list, is `no-store`: kept nowhere, not even for Back.
//
// A route is listed only when its load returns nothing about who asks: no name, no progress, no results (the
// layout's too). The worker reads the header (src/lib/offline/caches.ts); tests/e2e/auth/access.spec.ts asks
// every listed route as two learners and as nobody and fails if the answers differ.
import type { Handle } from '@sveltejs/kit';
import { neverKept, SAVING_HEADER } from '../../offline/caches.ts';

/** Route ids whose answers are the same for everyone, signed in or not (see above before adding one). */
export const SHARED_ROUTES: ReadonlySet<string> = new Set([
	// Learner pages of course content: who is signed in and their progress come from GET /api/me and the phone's
	// progress store (src/lib/offline/progress-store.svelte.ts), never from these loads.
	'/(learner)',
	'/(learner)/courses/[course]',
	'/(learner)/courses/[course]/[lesson]',
	'/(learner)/learning',
	'/(learner)/certificates',
	// The shell only: the learner's village, its figures and its stars come from GET /api/village (no-store).
	'/(learner)/village',
	// The list is the learner's own (GET /api/opportunities, kept per learner on the phone); the page is a shell.
	'/(learner)/opportunities',
	'/issuer',
	// Prerendered: served as a file, never through this handle, and precached by the worker.
	'/offline'
]);

/**
 * Routes whose answer is the same for everyone only when fetched to be saved for offline use (the exam page:
 * then a shell without the learner's ticket, which goes to the learner's own store; see exam/+page.server.ts).
 */
export const SHARED_WHEN_SAVED: ReadonlySet<string> = new Set(['/(learner)/courses/[course]/exam']);

/**
 * Routes whose answer never changes at its address (a course's picture or recording, addressed by the hash of its
 * bytes, of a published version): any cache may keep it for good.
 */
export const IMMUTABLE_ROUTES: ReadonlySet<string> = new Set(['/media/[sha]/[name]']);
const FOREVER = 'public, max-age=31536000, immutable';

export type CacheRule = 'no-cache' | 'no-store' | typeof FOREVER;

export interface AnswerFacts {
	method: string;
	routeId: string | null;
	url: URL;
	status: number;
	setsCookie: boolean;
	/** Fetched by "save to phone" (it sends SAVING_HEADER). */
	saving?: boolean;
}

/** The Cache-Control of an answer (pure: table-tested in cache-control.spec.ts). */
export function cacheRuleFor({ method, routeId, url, status, setsCookie, saving = false }: AnswerFacts): CacheRule {
	const readOnly = method === 'GET' || method === 'HEAD';
	const ok = status >= 200 && status < 300 && !setsCookie;
	if (readOnly && ok && routeId !== null && IMMUTABLE_ROUTES.has(routeId)) return FOREVER;
	const listed = routeId !== null && (SHARED_ROUTES.has(routeId) || (saving && SHARED_WHEN_SAVED.has(routeId)));
	const shared = listed && !neverKept(url);
	return readOnly && shared && ok ? 'no-cache' : 'no-store';
}

/** Gives every answer the Cache-Control its route and request call for, over whatever the route said. */
export const cacheControlHandle: Handle = async ({ event, resolve }) => {
	let response = await resolve(event);
	const rule = cacheRuleFor({
		method: event.request.method,
		routeId: event.route.id,
		url: event.url,
		status: response.status,
		setsCookie: response.headers.has('set-cookie'),
		saving: event.request.headers.has(SAVING_HEADER)
	});
	try {
		response.headers.set('cache-control', rule);
	} catch {
		// A response with immutable headers (one passed on from fetch): copy it to set ours.
		response = new Response(response.body, response);
		response.headers.set('cache-control', rule);
	}
	return response;
};
