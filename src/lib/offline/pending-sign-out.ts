// Signing out on a phone without a network. The phone forgets the person at once (their pages, their tickets,
// who was signed in), but the session lives on the server and in a cookie the page cannot touch: left alone, the
// next page opened with a network would be theirs again, shown to whoever holds the phone. So the service worker
// keeps the sign-out and sends it before anything else goes to the server: until the server has it, no page,
// data or API request leaves the phone (a page comes from the phone's copies or is the offline page).
// Kept in a cache of its own (the worker's own store, like its pages): one entry, the sign-out's address.

const STORE = 'zhizhi-sign-out';
const KEY = '/__sign-out-pending';

/** Whether a sign-out waits to be sent; undefined until this worker has read its store. */
let pending: boolean | undefined;

async function store(): Promise<Cache> {
	return await caches.open(STORE);
}

/** The sign-out waiting to be sent (its form's address: here, or everywhere), or null. */
async function waiting(): Promise<string | null> {
	const entry = await (await store()).match(KEY);
	const address = entry ? await entry.text() : null;
	pending = address !== null;
	return address;
}

/** True when no request of the page may go out before the sign-out has been tried (or the store read). */
export const signOutMayBePending = (): boolean => pending !== false;

/**
 * A sign-out form posted (with or without JavaScript): sent as usual when there is a network. Without one, it is
 * kept, and the phone goes on as signed out: to the sign-in page, which offline is the offline page.
 */
export async function signOut(request: Request): Promise<Response> {
	const address = request.url;
	try {
		const answer = await fetch(request);
		await forget();
		return answer;
	} catch {
		await (await store()).put(KEY, new Response(address));
		pending = true;
		const login = new URL(request.url).pathname.startsWith('/en/') ? '/en/login' : '/login';
		return Response.redirect(new URL(login, address).href, 303);
	}
}

async function forget(): Promise<void> {
	await (await store()).delete(KEY);
	pending = false;
}

/**
 * Sends a sign-out that waits, if one does. Resolves true when none waits any more (sent now, or none was), false
 * when the server could not be reached: then nothing may be asked of it in the person's name.
 */
export function finishSignOut(timeoutMs = 6000): Promise<boolean> {
	// Requests that come together wait for the one attempt.
	sending ??= send(timeoutMs).finally(() => (sending = null));
	return sending;
}
let sending: Promise<boolean> | null = null;

async function send(timeoutMs: number): Promise<boolean> {
	const address = await waiting();
	if (address === null) return true;
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), timeoutMs);
	try {
		const answer = await fetch(address, {
			method: 'POST',
			body: new URLSearchParams(),
			credentials: 'same-origin',
			// The answer sends the browser to the sign-in page: only its cookie (deleted) matters here.
			redirect: 'manual',
			signal: abort.signal
		});
		// The server ended the session (a redirect), or has none to end; an error of its own is tried again later.
		if (answer.type !== 'opaqueredirect' && answer.status >= 500) return false;
		await forget();
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
