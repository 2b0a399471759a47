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
 * For HTML that SvelteKit did not render as a page, so without its policy: the plain error page of an endpoint
 * (src/error.html), which has inline styles and no script.
 */
export const PLAIN_HTML_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Adds the security headers to a response; to HTML also `charset=utf-8` and, when it has none, PLAIN_HTML_CSP.
 * HTML is left as it is while prerendering: SvelteKit writes a page to disk as .html only when its type is
 * exactly "text/html" (the file server adds the charset), and its policy goes into the page as a meta tag.
 */
export function withSecurityHeaders(response: Response, prerendering = false): Response {
	let out = response;
	try {
		applyHeaders(out.headers, prerendering);
	} catch {
		// The headers of a response passed on from fetch() (or Response.redirect) cannot be changed: copy it.
		out = new Response(response.body, response);
		applyHeaders(out.headers, prerendering);
	}
	return out;
}

function applyHeaders(headers: Headers, prerendering: boolean): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
	const type = headers.get('content-type');
	if (prerendering || !type || !/^text\/html\b/i.test(type)) return;
	if (!/charset=/i.test(type)) headers.set('content-type', `${type}; charset=utf-8`);
	if (!headers.has('content-security-policy')) headers.set('content-security-policy', PLAIN_HTML_CSP);
}

/**
 * The first handle of the sequence, so that every response the later handles make (compressed or not) gets
 * the headers. A redirect or error thrown by a later handle (the sign-in guard) is answered by SvelteKit
 * itself without passing back through here: an empty 303 or a plain 403 page, with nothing to frame or sniff.
 */
export const securityHeadersHandle: Handle = async ({ event, resolve }) =>
	withSecurityHeaders(await resolve(event), building);
