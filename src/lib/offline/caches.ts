// Cache names and the rules for what the phone may keep, shared by the service worker and the pages.
//
// A family shares one phone, and the worker's caches key pages by address: a page kept there is shown to whoever
// opens that address next. So the phone keeps only what the server marks as the same for everyone (see
// src/lib/server/http/cache-control.ts, which marks it `Cache-Control: no-cache`; everything else is
// `no-store`). The one exception is a course a learner saves on purpose: its pages are kept as they came, the
// learner's own exam page among them, and whatever of them is not shared goes when that learner signs out.
export const PAGES_CACHE = 'pages';
export const COURSE_CACHE_PREFIX = 'course:';
export const OFFLINE_PATH = '/offline';

/** Sent with every request that stores a page for offline use: the exam page then leaves its ticket out. */
export const SAVING_HEADER = 'x-zhizhi-saving';

/** The cache holding one saved course. */
export const courseCacheName = (courseSlug: string) => `${COURSE_CACHE_PREFIX}${courseSlug}`;

/** SvelteKit's data requests for client-side navigation (`…/__data.json?x-sveltekit-invalidated=…`). */
export function isDataRequest(url: URL): boolean {
	return url.pathname.endsWith('/__data.json');
}

/** The prerendered offline page in the language of `url` (English pages live under /en). */
export function offlinePathFor(url: URL): string {
	return /^\/en(\/|$)/.test(url.pathname) ? `/en${OFFLINE_PATH}` : OFFLINE_PATH;
}

/**
 * Addresses never kept on the phone, whatever their headers say: the workspaces of staff, trainers and admins,
 * the account pages, the API, certificate files and exam results. Checked on the page's own address (without
 * the /en prefix or the `/__data.json` of its data).
 */
const NEVER_KEPT = [
	/^\/(?:staff|admin|trainer|me|password|login|logout|register|api|language)(?:\/|$)/,
	/^\/certificates\/[^/]+\.(?:pdf|json)$/,
	/^\/courses\/[^/]+\/exam\/result(?:\/|$)/
];

/** The page an address belongs to: without the /en prefix and without the `/__data.json` of its data. */
export function pagePath(url: URL): string {
	const path = url.pathname.replace(/^\/en(?=\/|$)/, '').replace(/\/__data\.json$/, '') || '/';
	return path.length > 1 ? path.replace(/\/$/, '') : path;
}

/** True for an address whose answer must never be kept on the phone (see NEVER_KEPT). */
export function neverKept(url: URL): boolean {
	const path = pagePath(url);
	return NEVER_KEPT.some((rule) => rule.test(path));
}

/**
 * True when the server marked an answer as the same for everyone: it says Cache-Control, and neither `no-store`
 * nor `private`. An answer without the header did not pass the server's rule (a redirect made before it ran).
 */
export function markedShared(headers: Headers): boolean {
	const directives = headers.get('cache-control')?.toLowerCase();
	return !!directives && !/(?:^|[\s,])(?:no-store|private)(?:[\s,=]|$)/.test(directives);
}

/**
 * Whether the worker may keep a page or its data for anyone who opens the address later: a good, same-site
 * answer the server marked as shared, at an address that is not private.
 */
export function mayKeepShared(url: URL, response: Response): boolean {
	return response.ok && response.type === 'basic' && !neverKept(url) && markedShared(response.headers);
}

/**
 * Whether a saved course may keep (or be refreshed with) this page of it: a good answer, at an address that is
 * not private, marked the same for everyone. The exam page is fetched for saving without the learner's ticket
 * (SAVING_HEADER) and so is shared; the ticketed page a learner opens online is never put into the course.
 */
export function mayKeepInSavedCourse(url: URL, response: Response): boolean {
	return response.ok && !neverKept(url) && markedShared(response.headers);
}

/**
 * Whether a cached answer is a page or its data (which a server decides about, see mayKeepShared) rather than
 * a picture or recording of a course: files that are the same for everyone whatever headers they came with.
 */
export function isPageAnswer(url: URL, response: Response): boolean {
	return isDataRequest(url) || !!response.headers.get('content-type')?.includes('text/html');
}

/** Whether a saved course may keep a picture or recording it names: any good answer at an address not private. */
export function mayKeepMedia(url: URL, response: Response): boolean {
	return response.ok && !neverKept(url) && !isPageAnswer(url, response);
}

/** The name of the marker entry a saved course keeps its size and date in (see saved-courses.ts). */
export const SAVED_MARKER_PREFIX = '/__saved/';
