/** Cache names and address rules shared by the service worker and the pages. */
export const PAGES_CACHE = 'pages';
export const COURSE_CACHE_PREFIX = 'course:';
export const OFFLINE_PATH = '/offline';

/** The cache holding one saved course. */
export const courseCacheName = (courseSlug: string) => `${COURSE_CACHE_PREFIX}${courseSlug}`;

/** SvelteKit's data requests for client-side navigation (`…/__data.json?x-sveltekit-invalidated=…`). */
export function isDataRequest(url: URL): boolean {
	return url.pathname.endsWith('/__data.json');
}
