// Sign-out on a shared phone: whatever the worker's caches hold of the person who leaves must go with them.
// Only what the server marked as the same for everyone stays (lesson and course content, pictures); the outbox
// (IndexedDB) is not touched here: another family member's unsent records must wait there until they are sent.
import {
	COURSE_CACHE_PREFIX,
	PAGES_CACHE,
	SAVED_MARKER_PREFIX,
	isPageAnswer,
	markedShared,
	neverKept
} from './caches.ts';

/** Entries that are not for everyone: a private address, or an answer not marked shared. */
async function personalEntries(cache: Cache): Promise<Request[]> {
	const found: Request[] = [];
	for (const request of await cache.keys()) {
		// A saved course's own note of its size and date.
		if (new URL(request.url).pathname.startsWith(SAVED_MARKER_PREFIX)) continue;
		const response = await cache.match(request);
		const url = new URL(request.url);
		// Pictures and recordings of a course are the same for everyone, whatever headers they came with.
		if (response && !neverKept(url) && !isPageAnswer(url, response)) continue;
		if (!response || neverKept(url) || !markedShared(response.headers)) found.push(request);
	}
	return found;
}

/**
 * Drops every cached page or data that could hold the signed-in person's data, from the visited pages and
 * (`everywhere`, at sign-out) from saved courses. A saved course that loses its own course page cannot be opened
 * any more: it goes whole, so that the offline page does not offer it. Resolves with the number of entries removed.
 * `visited` alone serves a new service worker: an earlier one kept every page it saw.
 */
export async function forgetPersonalPages(where: 'everywhere' | 'visited' = 'everywhere'): Promise<number> {
	let removed = 0;
	for (const name of await caches.keys()) {
		const saved = name.startsWith(COURSE_CACHE_PREFIX);
		if (name !== PAGES_CACHE && !(saved && where === 'everywhere')) continue;
		const cache = await caches.open(name);
		const personal = await personalEntries(cache);
		for (const request of personal) await cache.delete(request);
		removed += personal.length;
		if (saved && personal.length > 0) {
			const slug = name.slice(COURSE_CACHE_PREFIX.length);
			const coursePage = new RegExp(`^(?:/en)?/courses/${slug}$`);
			const keys = await cache.keys();
			if (!keys.some((r) => coursePage.test(new URL(r.url).pathname))) await caches.delete(name);
		}
	}
	return removed;
}
