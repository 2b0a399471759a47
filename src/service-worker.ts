/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The offline half of the app. Code and styles are precached at install (they are immutable and small);
// pages and their data are network-first with the last copy as fallback; a saved course lives in its own
// cache until the learner removes it. The outbox (IndexedDB) is shared with the pages.
// A family shares the phone: only answers the server marks as the same for everyone are kept for later (see
// src/lib/offline/caches.ts), and sign-out drops whatever else a saved course holds.
import { build, files, prerendered, version } from '$service-worker';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { onSyncEvent } from '$lib/offline/service-worker-sync';
import { checkStoredPages } from '$lib/offline/stale-pages';
import { keepOfflineForm, offlineFormKind } from '$lib/offline/offline-forms';
import { forgetPersonalPages } from '$lib/offline/forget-personal';
import { finishSignOut, signOut, signOutMayBePending } from '$lib/offline/pending-sign-out';
import { isRecordingRequest, recording } from '$lib/offline/recordings';
import {
	COURSE_CACHE_PREFIX,
	PAGES_CACHE,
	courseCacheName,
	isDataRequest,
	mayKeepInSavedCourse,
	mayKeepShared,
	offlinePathFor,
	pagePath
} from '$lib/offline/caches';

const sw = self as unknown as ServiceWorkerGlobalScope;

// Precompressed twins (.br/.gz) are for the server to pick from, never for the cache. Course recordings
// (narration) are among the build's files but only the learner who plays them or saves their course needs them.
const staticFiles = files.filter((f) => !/\.(br|gz)$/.test(f) && !f.startsWith('/icons/icon-512'));
const code = build.filter((f) => !/\.(mp3|m4a|ogg)$/.test(f));
precacheAndRoute([
	...code.map((url) => ({ url, revision: null })),
	...staticFiles.map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version }))
]);
cleanupOutdatedCaches();
const precached = new Set([...code, ...staticFiles, ...prerendered]);

// An earlier version of this worker kept every page it saw, staff pages and accounts included.
sw.addEventListener('activate', (event) => event.waitUntil(forgetPersonalPages('visited').catch(() => 0)));

// Recordings: a saved course's copy first, in the pieces the player asks for (see recordings.ts).
registerRoute(
	({ request, url }) => url.origin === location.origin && isRecordingRequest(url, request.destination),
	({ request }) => recording(request)
);
registerRoute(
	({ request, url }) => url.origin === location.origin && ['image', 'video'].includes(request.destination),
	new CacheFirst({ cacheName: 'media', plugins: [new ExpirationPlugin({ maxEntries: 200, purgeOnQuotaError: true })] })
);

const COURSE_PATH = /^(?:\/en)?\/courses\/([a-z0-9-]+)/;

/**
 * The last copy of a page or its data: first in the saved course it belongs to, then in the pages visited,
 * then anywhere (the prerendered pages). Looking in the right cache first keeps a saved lesson quick to open;
 * a search of every cache ignoring the query string reads every entry there is.
 */
async function cachedCopy(request: Request): Promise<Response | undefined> {
	const url = new URL(request.url);
	// SvelteKit adds ?x-sveltekit-invalidated=… to data requests; the copy is the same whatever it says.
	const options = { ignoreSearch: isDataRequest(url), ignoreVary: true };
	const slug = COURSE_PATH.exec(url.pathname)?.[1];
	if (slug && (await caches.has(courseCacheName(slug)))) {
		const saved = await (await caches.open(courseCacheName(slug))).match(request, options);
		if (saved) return saved;
	}
	const visited = await (await caches.open(PAGES_CACHE)).match(request, options);
	return visited ?? (await caches.match(request, options));
}

/**
 * Keeps a fresh answer for later: in the visited pages when it is the same for everyone, and in a saved course
 * that already holds its address (keeping the course current while the learner reads it online). A good answer
 * that may not be kept removes the copy it replaces: that copy is out of date, or was someone else's.
 */
async function keepCopy(request: Request, response: Response): Promise<void> {
	const url = new URL(request.url);
	const pages = await caches.open(PAGES_CACHE);
	if (mayKeepShared(url, response)) await pages.put(request, response.clone());
	// (An error or a redirect leaves the last copy: the phone may need it offline.)
	else if (response.ok) await pages.delete(request, { ignoreSearch: isDataRequest(url) });
	if (!mayKeepInSavedCourse(url, response)) return;
	for (const name of await caches.keys()) {
		if (!name.startsWith(COURSE_CACHE_PREFIX)) continue;
		const saved = await caches.open(name);
		if (await saved.match(request, { ignoreSearch: isDataRequest(url) })) await saved.put(request, response.clone());
	}
}

/** The offline page (precached: workbox keeps it under an address of its own, found through matchPrecache). */
async function offlinePage(url: URL): Promise<Response | undefined> {
	return await matchPrecache(offlinePathFor(url));
}

/** Network first with a time limit (slow rural networks), then the last copy, then the offline page. */
async function pageOrData(event: FetchEvent): Promise<Response> {
	const { request } = event;
	// Known to be offline: no need to wait for the network to fail.
	if (!sw.navigator.onLine) {
		const copy = await cachedCopy(request);
		if (copy) return copy;
	}
	const network = fetch(request).then((response) => {
		event.waitUntil(keepCopy(request, response.clone()));
		return response;
	});
	const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, 6000));
	try {
		const first = await Promise.race([network, timeout]);
		if (first) return first;
		const copy = await cachedCopy(request);
		return copy ?? (await network);
	} catch {
		const copy = await cachedCopy(request);
		if (copy) return copy;
		if (request.mode === 'navigate') {
			const offline = await offlinePage(new URL(request.url));
			if (offline) return offline;
		}
		// Data for a page the phone does not have: SvelteKit's client, failing to load it, loads the whole page
		// instead (a navigation), which is then answered with the offline page above.
		return new Response(JSON.stringify({ type: 'error', error: { message: 'offline' }, status: 503 }), {
			status: 503,
			headers: { 'content-type': 'application/json' }
		});
	}
}

/**
 * "Mark as done" or "hand in" posted as a plain form (no JavaScript yet, or none at all): sent as usual when
 * there is a network; without one, kept in the outbox and the learner is sent to a page the phone has.
 */
async function formPost(event: FetchEvent): Promise<Response> {
	const copy = event.request.clone();
	try {
		return await fetch(event.request);
	} catch (error) {
		const next = await keepOfflineForm(copy).catch(() => null);
		if (next) return Response.redirect(new URL(next, location.origin).href, 303);
		const offline = await offlinePage(new URL(event.request.url));
		if (offline) return offline;
		throw error;
	}
}

/**
 * How the worker answers a request of the app's own (pictures, recordings and the app's code are workbox's, above),
 * or null to leave it to the browser.
 */
function answer(event: FetchEvent): (() => Promise<Response>) | null {
	const { request } = event;
	const url = new URL(request.url);
	if (request.method === 'POST' && request.mode === 'navigate' && offlineFormKind(url)) return () => formPost(event);
	if (request.method !== 'GET') return null;
	// Files a learner downloads and API calls go straight to the network.
	if (url.pathname.startsWith('/api/') || /\.(pdf|json|csv|xlsx)$/.test(url.pathname)) {
		if (!isDataRequest(url)) return null;
	}
	if (request.mode === 'navigate' || isDataRequest(url)) return () => pageOrData(event);
	return null;
}

/**
 * A sign-out made without a network waits to be sent: it goes first. Until the server has it, nothing is asked of
 * the server in the name of the person who left: pages come from the phone's copies, or the offline page.
 */
async function afterSignOut(event: FetchEvent, next: (() => Promise<Response>) | null): Promise<Response> {
	if (await finishSignOut()) return next ? await next() : await fetch(event.request);
	const { request } = event;
	if (request.method === 'GET' && (request.mode === 'navigate' || isDataRequest(new URL(request.url)))) {
		const copy = await cachedCopy(request);
		if (copy) return copy;
		const offline = request.mode === 'navigate' ? await offlinePage(new URL(request.url)) : undefined;
		if (offline) return offline;
	}
	return new Response(null, { status: 503 });
}

// A sign-out kept offline is sent as soon as the worker starts with a network (and its store is read early).
void finishSignOut();

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== location.origin) return;
	// Signing out, with or without JavaScript: the pages kept of this person go now, whatever the answer; without a
	// network the sign-out is kept and sent first thing (pending-sign-out.ts).
	if (request.method === 'POST' && pagePath(url) === '/logout') {
		event.waitUntil(forgetPersonalPages());
		event.respondWith(signOut(request));
		return;
	}
	const next = answer(event);
	// Everything that can carry the session: pages, their data, the API, forms and files made for the person (the
	// app's own files are workbox's, answered above from the precache).
	const personal =
		next !== null ||
		request.method !== 'GET' ||
		(/^\/api\/|\.(pdf|json|csv|xlsx)$/.test(url.pathname) && !precached.has(url.pathname));
	if (personal && signOutMayBePending()) event.respondWith(afterSignOut(event, next));
	else if (next) event.respondWith(next());
});

// Pages stored by an earlier version name its scripts, gone from the precache now: fetch them again. The pages
// ask for this when they start online (not at activation, which it would hold up on a slow network).
const appFiles = new Set(build);
const checkPages = () => checkStoredPages(version, appFiles).catch(() => null);

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') sw.skipWaiting();
	if (event.data?.type === 'CHECK_PAGES') event.waitUntil(checkPages());
});

// Background Sync where the browser has it (Android WebView does not; the pages sync on their own too).
sw.addEventListener('sync', onSyncEvent as EventListener);
