import { courseCacheName } from './caches';
import { keepExamTicket, SAVING_HEADER, type OfflineExamTicket } from './exam-tickets';

/** What the course's offline list says (GET /courses/<slug>/offline.json). */
export interface OfflineList {
	version: string;
	pages: string[];
	/** The signed-in learner's exam ticket: kept in their own store, never in the course's cache. */
	ticket?: OfflineExamTicket | null;
}

export interface SavedCourse {
	version: string;
	savedAt: string;
	bytes: number;
}

const MARKER = (slug: string) => `/__saved/${slug}`;

/** The address of a page's data for SvelteKit's client-side navigation. */
export const dataUrl = (page: string) => `${page.replace(/\/$/, '')}/__data.json`;

/** Pictures and sound a saved page shows, found in its HTML (same site only; inline data: pictures need nothing). */
export function mediaIn(html: string, base: string): string[] {
	const found = new Set<string>();
	for (const match of html.matchAll(/<(?:img|audio|source)\b[^>]*?\bsrc="([^"]+)"/g)) {
		const url = new URL(match[1].replace(/&amp;/g, '&'), base);
		if (url.origin === new URL(base).origin) found.add(url.pathname + url.search);
	}
	return [...found];
}

/**
 * Stores every page of a course, its data and its pictures in the course's own cache, reporting progress.
 * The code of the app is already on the phone (the service worker keeps it).
 */
export async function saveCourse(
	slug: string,
	onProgress: (done: number, total: number, bytes: number) => void = () => {}
): Promise<SavedCourse> {
	const list = (await (await fetch(`/courses/${slug}/offline.json`)).json()) as OfflineList;
	const cache = await caches.open(courseCacheName(slug));
	const urls = list.pages.flatMap((page) => [page, dataUrl(page)]);
	let total = urls.length;
	let done = 0;
	let bytes = 0;
	const store = async (url: string) => {
		const response = await fetch(url, { credentials: 'same-origin', headers: { [SAVING_HEADER]: '1' } });
		if (!response.ok) throw new Error(`${url}: ${response.status}`);
		const body = await response.clone().arrayBuffer();
		bytes += body.byteLength;
		await cache.put(url, response);
		done++;
		onProgress(done, total, bytes);
		return body;
	};
	const media: string[] = [];
	for (const url of urls) {
		const body = await store(url);
		if (!url.endsWith('__data.json')) media.push(...mediaIn(new TextDecoder().decode(body), location.href));
	}
	const extra = [...new Set(media)].filter((m) => !urls.includes(m));
	total += extra.length;
	for (const url of extra) await store(url);
	if (list.ticket) await keepExamTicket(list.ticket);
	const saved: SavedCourse = { version: list.version, savedAt: new Date().toISOString(), bytes };
	await cache.put(
		MARKER(slug),
		new Response(JSON.stringify(saved), { headers: { 'content-type': 'application/json' } })
	);
	return saved;
}

/** The saved copy of a course on this phone, or null. */
export async function savedCourse(slug: string): Promise<SavedCourse | null> {
	if (typeof caches === 'undefined' || !(await caches.has(courseCacheName(slug)))) return null;
	const marker = await (await caches.open(courseCacheName(slug))).match(MARKER(slug));
	return marker ? ((await marker.json()) as SavedCourse) : null;
}

/** Frees the space a saved course takes. */
export function removeCourse(slug: string): Promise<boolean> {
	return caches.delete(courseCacheName(slug));
}

/** How much space the site uses and may use on this phone (bytes), where the browser says. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
	if (!navigator.storage?.estimate) return null;
	const { usage = 0, quota = 0 } = await navigator.storage.estimate();
	return { usage, quota };
}

/** Asks the browser not to clear our storage when space runs low (granted or not, saving still works). */
export async function askPersistentStorage(): Promise<boolean> {
	return (await navigator.storage?.persist?.()) ?? false;
}
