import {
	acknowledge,
	moveToRejected,
	pendingEvents,
	recordFailure,
	setMeta,
	type LearnerState,
	type OutboxRecord
} from './outbox.ts';
import { EVENT_STATUSES, type EventResult } from '../sync/protocol.ts';

/** Background Sync tag the page registers and the service worker answers. */
export const SYNC_TAG = 'zhizhi-sync';

/** `later`: the server asked the phone to wait (too many requests or events for now); nothing was lost. */
export type SyncOutcome = 'ok' | 'offline' | 'signed_out' | 'error' | 'later';

export type SyncResult = {
	outcome: SyncOutcome;
	/** Events put on the wire (a batch retried after a 413 counts again). */
	sent: number;
	acknowledged: number;
	rejected: number;
	state?: LearnerState;
	/** Certificate numbers issued by this sync. */
	issued?: string[];
	/** Why the sync stopped, for logs: `http_503`, `other_session`, `bad_response`, `rate_limited`... */
	detail?: string;
	/** With `later`: when the server will take events again. */
	retryAt?: string;
};

export type SyncOptions = {
	fetch?: typeof globalThis.fetch;
	endpoint?: string;
	batchSize?: number;
	/** Ask the server for fresh state even when nothing is waiting (default true). */
	refresh?: boolean;
	/** Give up on a request after this long (default 30 s); a slow link must not hold the outbox for ever. */
	timeoutMs?: number;
};

// Checked by hand rather than with zod: this module runs in the service worker too, whose size counts
// against the precache budget (zod alone would triple it).
type SyncResponse = {
	results: EventResult[];
	issued: string[];
	state: { userId: number } & Record<string, unknown>;
};
const STATUSES = new Set<unknown>(EVENT_STATUSES);

function parseResponse(json: unknown): SyncResponse | null {
	const body = json as Partial<SyncResponse> | null;
	if (!body || !Array.isArray(body.results) || !Array.isArray(body.issued)) return null;
	if (typeof body.state !== 'object' || body.state === null || typeof body.state.userId !== 'number') return null;
	const resultsOk = body.results.every(
		(r) =>
			typeof r === 'object' &&
			r !== null &&
			typeof r.id === 'string' &&
			STATUSES.has(r.status) &&
			(r.reason === undefined || typeof r.reason === 'string')
	);
	return resultsOk && body.issued.every((n) => typeof n === 'string') ? (body as SyncResponse) : null;
}

function parseRefusal(json: unknown): { error: 'too_many_events' | 'too_large'; max?: number } | null {
	const body = json as { error?: unknown; max?: unknown } | null;
	if (!body || (body.error !== 'too_many_events' && body.error !== 'too_large')) return null;
	return { error: body.error, max: typeof body.max === 'number' ? body.max : undefined };
}

/** A 429's Retry-After when it gives none (or nonsense): a minute, like the page's own retry timer. */
const DEFAULT_WAIT_S = 60;
/** Learner → time before which the server asked not to be sent anything (this page or worker only). */
const waitUntil = new Map<number, number>();

const queued = new Map<number, Promise<SyncResult>>();
let tail: Promise<unknown> = Promise.resolve();

/**
 * Sends one learner's waiting events to the server, oldest first, and deletes only those it acknowledged.
 * Calls run one at a time: a call made before the previous one has read the outbox joins it, a later one waits
 * its turn, so an event is never on the wire twice from this page (the server's UUID check covers other tabs).
 */
export function syncOutbox(userId: number, options: SyncOptions = {}): Promise<SyncResult> {
	const waiting = queued.get(userId);
	if (waiting) return waiting;
	const run = tail.then(() => {
		queued.delete(userId);
		return withDeviceLock(() => runSync(userId, options));
	});
	queued.set(userId, run);
	tail = run.catch(() => undefined);
	return run;
}

type LockManager = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

/** The page and the service worker share one outbox: where Web Locks exist, they take turns. */
function withDeviceLock<T>(task: () => Promise<T>): Promise<T> {
	const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
	return locks ? locks.request(SYNC_TAG, task) : task();
}

async function runSync(userId: number, options: SyncOptions): Promise<SyncResult> {
	const { fetch = globalThis.fetch, endpoint = '/api/sync', refresh = true, timeoutMs = 30_000 } = options;
	let batchSize = Math.max(1, Math.floor(options.batchSize ?? 50));
	const pending = await pendingEvents(userId);
	const result: SyncResult = { outcome: 'ok', sent: 0, acknowledged: 0, rejected: 0 };
	if (pending.length === 0 && !refresh) return result;
	const wait = waitUntil.get(userId);
	if (wait !== undefined && Date.now() < wait)
		return { ...result, outcome: 'later', detail: 'waiting', retryAt: new Date(wait).toISOString() };
	waitUntil.delete(userId);

	let next = 0;
	// An empty outbox still makes one request: its answer is the learner's fresh state from other devices.
	do {
		const batch = pending.slice(next, next + batchSize);
		const ids = batch.map((r) => r.event.id);
		result.sent += batch.length;
		const response = await post(fetch, endpoint, batch, timeoutMs);
		// The server may have applied the batch before the connection died; the next send gets "duplicate".
		if (!response) return { ...result, outcome: 'offline' };
		if (response.status === 401) return { ...result, outcome: 'signed_out', detail: 'unauthenticated' };
		if (response.status === 429) {
			// Too many requests or events for now: the events are good and stay as they are (no failure is
			// counted, nothing is refused); nothing more is sent until the server's Retry-After has passed.
			const until = Date.now() + retryAfterSeconds(response.retryAfter) * 1000;
			waitUntil.set(userId, until);
			const detail = (response.json as { error?: unknown } | null)?.error;
			return {
				...result,
				outcome: 'later',
				detail: typeof detail === 'string' ? detail : 'http_429',
				retryAt: new Date(until).toISOString()
			};
		}
		if (response.status === 413) {
			const refusal = parseRefusal(response.json);
			if (refusal && batch.length > 1) {
				batchSize = Math.max(1, Math.min(Math.floor(batch.length / 2), refusal.max ?? Infinity));
				continue;
			}
			if (refusal?.error === 'too_large' && batch.length === 1) {
				// One event alone is over the limit: it can never be accepted, so the learner is shown it.
				await moveToRejected(ids[0], 'too_large');
				result.rejected += 1;
				next += 1;
				continue;
			}
			await recordFailure(ids, 'http_413');
			return { ...result, outcome: 'error', detail: 'http_413' };
		}
		const ok = response.status >= 200 && response.status < 300;
		const body = ok ? parseResponse(response.json) : null;
		if (!body) {
			// A 5xx, or a 200 that is not our API (a captive portal's page): keep everything for the next try.
			const detail = ok ? 'bad_response' : `http_${response.status}`;
			await recordFailure(ids, detail);
			return { ...result, outcome: 'error', detail };
		}
		const { results, issued, state } = body;
		if (state.userId !== userId) {
			// The session belongs to another learner on this phone: their server would refuse these as
			// "other_user", but the events are good. Keep them until this learner signs in again.
			return { ...result, outcome: 'signed_out', detail: 'other_session' };
		}
		const { acked, refused } = sortResults(batch, results);
		await acknowledge(acked);
		for (const { id, reason } of refused) await moveToRejected(id, reason);
		result.acknowledged += acked.length;
		result.rejected += refused.length;
		result.issued = [...(result.issued ?? []), ...issued];
		result.state = state as LearnerState;
		await setMeta(`state:${userId}`, result.state);
		await setMeta(`lastSyncAt:${userId}`, new Date().toISOString());
		next += batch.length;
	} while (next < pending.length);
	return result;
}

/** Only ids of the batch just sent count: an answer about anything else is ignored, never acted on. */
function sortResults(batch: OutboxRecord[], results: SyncResponse['results']) {
	const sent = new Set(batch.map((r) => r.event.id));
	const acked: string[] = [];
	const refused: { id: string; reason: string }[] = [];
	for (const r of results) {
		if (!sent.has(r.id)) continue;
		sent.delete(r.id);
		if (r.status === 'rejected') refused.push({ id: r.id, reason: r.reason ?? 'unknown' });
		else acked.push(r.id);
	}
	return { acked, refused };
}

/** Seconds in a Retry-After header (seconds or an HTTP date), within a day; a minute when it makes no sense. */
function retryAfterSeconds(header: string | null): number {
	const value = header?.trim() ?? '';
	const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
	return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 24 * 60 * 60) : DEFAULT_WAIT_S;
}

/** One request and its JSON body; null when the network failed or timed out (nothing is known then). */
async function post(
	fetch: typeof globalThis.fetch,
	endpoint: string,
	batch: OutboxRecord[],
	timeoutMs: number
): Promise<{ status: number; json: unknown; retryAfter: string | null } | null> {
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), timeoutMs);
	try {
		const response = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			credentials: 'same-origin',
			body: JSON.stringify({ events: batch.map((r) => r.event) }),
			signal: abort.signal
		});
		let json: unknown = null;
		try {
			json = await response.json();
		} catch {
			// Not JSON (a proxy's error page) or cut off: the caller treats it as no answer from our API.
		}
		return { status: response.status, json, retryAfter: response.headers.get('retry-after') };
	} catch {
		return null;
	} finally {
		clearTimeout(timer);
	}
}
