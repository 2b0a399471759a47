import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { authHandle } from '$lib/server/auth/handle';
import { cacheControlHandle } from '$lib/server/http/cache-control';
import { compressHandle } from '$lib/server/compress';
import { durableHandle } from '$lib/server/http/durable';
import { securityHeadersHandle } from '$lib/server/http/security-headers';
import { startServer } from '$lib/server/startup';

// Prerendering the offline page at build time needs no database, settings or keys.
export const init: ServerInit = async () => {
	if (!building) await startServer();
};

// The outbox's endpoint answers in codes, never in words, and is the busiest address of the evening: it skips the
// language middleware, which copies every request (its body too) to read the language from the address. That copy
// took about 8% of the server's time per sync batch in a CPU profile of the sync bench.
const UNTRANSLATED = new Set(['/api/sync']);

const i18n: Handle = ({ event, resolve }) =>
	UNTRANSLATED.has(event.url.pathname)
		? resolve(event)
		: paraglideMiddleware(event.request, ({ request, locale }) => {
				event.request = request;
				return resolve(event, {
					transformPageChunk: ({ html }) => html.replace('%lang%', locale)
				});
			});

// durableHandle outside authHandle: a sign-in's new session is on the disk before its cookie goes out.
// cacheControlHandle last: it sees each answer as its route made it, cookies included, and has the last word.
export const handle: Handle = sequence(
	securityHeadersHandle,
	compressHandle,
	i18n,
	durableHandle,
	authHandle,
	cacheControlHandle
);
