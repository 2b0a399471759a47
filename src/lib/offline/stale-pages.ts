// After an update of the app, the pages a phone stored earlier (visited pages, saved courses) still name the
// scripts and styles of the version that stored them, which the new service worker's precache no longer holds.
// Opened offline, such a page shows its text, but nothing on it works: no "mark as done", no practice, no sync.
// So the service worker fetches those pages again while the phone is online, once per version of the app.
import {
	COURSE_CACHE_PREFIX,
	PAGES_CACHE,
	SAVING_HEADER,
	isDataRequest,
	mayKeepInSavedCourse,
	mayKeepShared
} from './caches.ts';
import { getMeta, setMeta } from './outbox.ts';

const ASSET = /_app\/immutable\/[^"'\s)]+\.(?:js|css)/g;

/** The app files a stored page names that this version of the app does not have (`current`: '/_app/…' paths). */
export function missingAssets(html: string, current: ReadonlySet<string>): string[] {
	const named = new Set([...html.matchAll(ASSET)].map(([path]) => `/${path}`));
	return [...named].filter((path) => !current.has(path));
}

export interface Refreshed {
	/** Pages fetched again and stored in place of their old copy. */
	replaced: number;
	/** False when some stale page could not be fetched for want of a network: the check must run again later. */
	complete: boolean;
}

/** Finds the stored pages that name app files of another version and stores a fresh copy of each. */
export async function refreshStalePages(current: ReadonlySet<string>): Promise<Refreshed> {
	let replaced = 0;
	let complete = true;
	const names = (await caches.keys()).filter((n) => n === PAGES_CACHE || n.startsWith(COURSE_CACHE_PREFIX));
	for (const name of names) {
		const cache = await caches.open(name);
		for (const request of await cache.keys()) {
			// Only pages name app files; their data (…/__data.json) does not.
			if (isDataRequest(new URL(request.url))) continue;
			const stored = await cache.match(request);
			if (!stored?.headers.get('content-type')?.includes('text/html')) continue;
			if (missingAssets(await stored.text(), current).length === 0) continue;
			let fresh: Response;
			try {
				// Not followed: a page that now sends elsewhere (the exam, once the session has ended, goes to
				// the sign-in page) must not be stored under its address.
				// Asked as "save to phone" asks, so the exam page comes without the learner's ticket.
				fresh = await fetch(request.url, {
					credentials: 'same-origin',
					redirect: 'manual',
					headers: { [SAVING_HEADER]: '1' }
				});
			} catch {
				complete = false; // no network: try again later
				continue;
			}
			// A page gone or moved keeps its old copy; opened online, it is fetched again anyway.
			if (!fresh.ok || fresh.type !== 'basic') continue;
			// Only what is the same for everyone is kept (see mayKeepShared and mayKeepInSavedCourse).
			const url = new URL(request.url);
			if (name === PAGES_CACHE ? !mayKeepShared(url, fresh) : !mayKeepInSavedCourse(url, fresh)) {
				await cache.delete(request);
				continue;
			}
			await cache.put(request, fresh);
			replaced += 1;
		}
	}
	return { replaced, complete };
}

let checking: Promise<Refreshed | null> | null = null;

/** Waits between tries when a page could not be fetched: the "online" event can come before the network works. */
const RETRY_DELAYS_MS = [2_000, 8_000, 20_000];

/**
 * The service worker's check, at most once per version: whenever a page says that the phone is online (when it
 * starts, and when the connection comes back). A page that cannot be fetched is tried again a few times; what is
 * still left then waits for the next time a page asks. Resolves with what it did, or null when already done.
 */
export function checkStoredPages(version: string, current: ReadonlySet<string>): Promise<Refreshed | null> {
	// Pages that open together (or start and come online at once) share one check.
	checking ??= runCheck(version, current).finally(() => (checking = null));
	return checking;
}

async function runCheck(version: string, current: ReadonlySet<string>): Promise<Refreshed | null> {
	if ((await getMeta('pagesCheckedFor')) === version) return null;
	let result = await refreshStalePages(current);
	for (const delay of RETRY_DELAYS_MS) {
		if (result.complete) break;
		await new Promise((resolve) => setTimeout(resolve, delay));
		const again = await refreshStalePages(current);
		result = { replaced: result.replaced + again.replaced, complete: again.complete };
	}
	if (result.complete) await setMeta('pagesCheckedFor', version);
	return result;
}
