import {
	COURSE_CACHE_PREFIX,
	SAVED_MARKER_PREFIX,
	courseCacheName,
	mayKeepInSavedCourse,
	mayKeepMedia
} from './caches';
import { keepExamTicket, SAVING_HEADER, type OfflineExamTicket } from './exam-tickets';

/** What the course's offline list says (GET /courses/<slug>/offline.json). */
export interface OfflineList {
	version: string;
	/** Optional: lists from before it was added have none. */
	title?: string;
	pages: string[];
	/** The signed-in learner's exam ticket: kept in their own store, never in the course's cache. */
	ticket?: OfflineExamTicket | null;
}

export interface SavedCourse {
	version: string;
	savedAt: string;
	bytes: number;
	/** The course's title when it was saved (saved before titles were kept: none). */
	title?: string;
}

const MARKER = (slug: string) => `${SAVED_MARKER_PREFIX}${slug}`;

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
	const store = async (url: string, kind: 'page' | 'media') => {
		const response = await fetch(url, { credentials: 'same-origin', headers: { [SAVING_HEADER]: '1' } });
		const at = new URL(response.url || url, location.href);
		if (!(kind === 'page' ? mayKeepInSavedCourse(at, response) : mayKeepMedia(at, response)))
			throw new Error(`${url}: ${response.status}`);
		const body = await response.clone().arrayBuffer();
		bytes += body.byteLength;
		await cache.put(url, response);
		done++;
		onProgress(done, total, bytes);
		return body;
	};
	const media: string[] = [];
	for (const url of urls) {
		const body = await store(url, 'page');
		if (!url.endsWith('__data.json')) media.push(...mediaIn(new TextDecoder().decode(body), location.href));
	}
	const extra = [...new Set(media)].filter((m) => !urls.includes(m));
	total += extra.length;
	for (const url of extra) await store(url, 'media');
	if (list.ticket) await keepExamTicket(list.ticket);
	const saved: SavedCourse = { version: list.version, savedAt: new Date().toISOString(), bytes, title: list.title };
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

/** Every course saved on this phone, by slug (for the offline page: all of them are shared content). */
export async function listSavedCourses(): Promise<(SavedCourse & { slug: string })[]> {
	if (typeof caches === 'undefined') return [];
	const slugs = (await caches.keys())
		.filter((name) => name.startsWith(COURSE_CACHE_PREFIX))
		.map((name) => name.slice(COURSE_CACHE_PREFIX.length));
	const found = await Promise.all(slugs.map(async (slug) => ({ slug, saved: await savedCourse(slug) })));
	const list = found.flatMap(({ slug, saved }) => (saved ? [{ ...saved, slug }] : []));
	for (const course of list) course.title ??= await storedTitle(course.slug);
	return list;
}

/** The title on a saved course's own page, for courses saved before their title was kept with them. */
async function storedTitle(slug: string): Promise<string | undefined> {
	const cache = await caches.open(courseCacheName(slug));
	const page = (await cache.match(`/courses/${slug}`)) ?? (await cache.match(`/en/courses/${slug}`));
	const heading = /<h1[^>]*>([^<]+)<\/h1>/.exec((await page?.text()) ?? '');
	return heading?.[1].trim();
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
