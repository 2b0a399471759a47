import type { Handle } from '@sveltejs/kit';
import { committedToDisk } from '../db/index.ts';

/**
 * Requests that write: every form and endpoint that saves something takes one of these methods. A GET writes at
 * most a session's later expiry, which a power cut may take back without harm.
 */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Endpoints that wait for the disk themselves: the outbox's batches, in their write groups (sync/write-groups.ts). */
const SYNCED_BY_THEMSELVES = new Set(['/api/sync']);

/**
 * A form's answer ("saved", a certificate's number, a roster imported) goes out only once what it committed is on
 * the disk. On SQLite a commit survives a crash of the app, but its log reaches the disk later (see
 * committedToDisk): a power cut at a township's server right after the answer could otherwise take back what the
 * person was told was saved, and they would not know to do it again. On PostgreSQL the commit has waited already.
 * When the log cannot be put on the disk, the request fails (500) rather than report a save that may not last.
 */
export const durableHandle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (WRITES.has(event.request.method) && !SYNCED_BY_THEMSELVES.has(event.url.pathname)) await committedToDisk();
	return response;
};
