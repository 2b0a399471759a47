import { PAGES_CACHE } from './caches.ts';

// Shared learner content: the course list, a course and its lessons (never the exam or a result). Such pages
// carry no learner's data; anything else a visit stored may (an account page, a result), so it goes.
const SHARED_PAGE = /^(?:\/en)?(?:\/|\/courses\/[a-z0-9-]+(?:\/(?!exam(?:\/|$))[a-z0-9-]+)?)(?:\/?__data\.json)?$/;

/** Whether a stored page is the same for everyone who opens it (and so may outlive a sign-out). */
export const isSharedPage = (pathname: string): boolean => SHARED_PAGE.test(pathname);

/** Deletes the visited pages that could hold a learner's data; saved courses (shared content) stay. */
export async function forgetPersonalPages(): Promise<number> {
	if (typeof caches === 'undefined' || !(await caches.has(PAGES_CACHE))) return 0;
	const cache = await caches.open(PAGES_CACHE);
	let removed = 0;
	for (const request of await cache.keys()) {
		if (isSharedPage(new URL(request.url).pathname)) continue;
		if (await cache.delete(request)) removed++;
	}
	return removed;
}
