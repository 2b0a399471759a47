import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';

/**
 * Headers every response of the app carries. The Content-Security-Policy (with `frame-ancestors 'none'`) is
 * SvelteKit's own (`kit.csp` in svelte.config.js), because only SvelteKit knows the nonces and hashes of the
 * scripts it writes into a page. HSTS belongs to the TLS proxy in front of the app (see README, Security).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// A response is only ever what its Content-Type says: an uploaded roster or a download cannot run as script.
	'x-content-type-options': 'nosniff',
	// Addresses can hold a certificate number or a learner's id: other sites are not told them.
	'referrer-policy': 'same-origin',
	// For browsers that predate CSP's frame-ancestors (old Android WebViews).
	'x-frame-options': 'DENY'
};

/**
 * Adds the security headers to a response, and `charset=utf-8` to HTML that does not name its charset.
 * `addCharset` is off while prerendering: SvelteKit writes a page to disk as .html only when its type is exactly
 * "text/html", and the file server adds the charset to .html files itself.
 */
export function withSecurityHeaders(response: Response, addCharset = true): Response {
	let out = response;
	try {
		applyHeaders(out.headers, addCharset);
	} catch {
		// The headers of a response passed on from fetch() cannot be changed: copy it.
		out = new Response(response.body, response);
		applyHeaders(out.headers, addCharset);
	}
	return out;
}

function applyHeaders(headers: Headers, addCharset: boolean): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	const type = headers.get('content-type');
	if (addCharset && type && /^text\/html\b/i.test(type) && !/charset=/i.test(type)) {
		headers.set('content-type', `${type}; charset=utf-8`);
	}
}

/**
 * The first handle of the sequence, so that every response the later handles make (compressed or not) gets
 * the headers. A redirect or error thrown by a later handle (the sign-in guard) is answered by SvelteKit
 * itself without passing back through here: an empty 303 or a plain 403 page, with nothing to frame or sniff.
 */
export const securityHeadersHandle: Handle = async ({ event, resolve }) =>
	withSecurityHeaders(await resolve(event), !building);
