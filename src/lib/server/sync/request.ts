import type { SessionUser } from '../auth/session.ts';
import { config } from '../config.ts';
import type { RequestRefusal } from '../../sync/protocol.ts';
import { applyEventsIf } from './apply.ts';
import { nestsDeeperThan } from './json-depth.ts';
import { takeSync } from './limits.ts';
import { learnerState } from './state.ts';
import { inWriteGroup } from './write-groups.ts';

export type SyncLimits = {
	maxBodyBytes: number;
	/** Nesting of the body: `{ events: [ { payload: { answers: { q1: [...] } } } ] }` is 6 deep. */
	maxDepth: number;
	maxEvents: number;
	requestsPerMinute: number;
	eventsPerDay: number;
};

/** The limits of the settings; the largest body fits 200 events of a long exam with room to spare. */
export function syncLimits(): SyncLimits {
	const settings = config();
	return {
		maxBodyBytes: 512 * 1024,
		maxDepth: 8,
		maxEvents: settings.syncMaxEvents,
		requestsPerMinute: settings.syncRequestsPerMinute,
		eventsPerDay: settings.syncEventsPerDay
	};
}

const refuse = (status: number, error: RequestRefusal, extra: Record<string, unknown> = {}, headers?: HeadersInit) =>
	Response.json({ error, ...extra }, { status, headers });

const later = (error: RequestRefusal, retryAfterSeconds: number) =>
	refuse(429, error, { retryAfter: retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });

/**
 * The outbox's endpoint: a batch of events in, each event's status and the learner's fresh state out. Bad input
 * is refused whole before it costs anything (wrong origin or type, too big, too deep), and a batch too many
 * (requests a minute, events a day) before any of its events is applied; a batch that passes is answered event by
 * event. Only "applied" or "duplicate" let the phone delete an event.
 */
export async function handleSyncRequest(
	request: Request,
	user: Pick<SessionUser, 'id'> | null,
	siteOrigin: string,
	limits: SyncLimits = syncLimits(),
	now = new Date()
): Promise<Response> {
	if (!user) return refuse(401, 'unauthenticated');
	// SvelteKit's own check covers form posts only; a page elsewhere could post JSON with the learner's cookie.
	if (request.headers.get('origin') !== siteOrigin) return refuse(403, 'cross_origin');
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
	if (type !== 'application/json') return refuse(415, 'unsupported_media_type');
	// Read before refusing: answering while the phone is still sending resets the connection, which the
	// outbox would take for a network failure and retry for ever.
	const text = await request.text();
	if (Buffer.byteLength(text) > limits.maxBodyBytes) return refuse(413, 'too_large', { maxBytes: limits.maxBodyBytes });
	if (nestsDeeperThan(text, limits.maxDepth)) return refuse(400, 'too_deep', { maxDepth: limits.maxDepth });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return refuse(400, 'invalid', { detail: 'not JSON' });
	}
	const events = (body as { events?: unknown } | null)?.events;
	if (!Array.isArray(events)) return refuse(400, 'invalid', { detail: 'expected { events: [...] }' });
	if (events.length > limits.maxEvents) return refuse(413, 'too_many_events', { max: limits.maxEvents });
	// Written with the other batches waiting at the same moment, in one transaction and a savepoint of its own, in
	// a sync turn (see write-groups.ts): between two groups, the process serves what else came in. The learner's
	// requests per minute and events per day are counted in the batch's own savepoint (see applyEventsIf); a
	// request refused above for its form cost no database work and is not counted.
	const applied = await applyEventsIf(
		user,
		events,
		siteOrigin,
		async (tx) => {
			const perMinute = limits.requestsPerMinute;
			const allowance = await takeSync(tx, user.id, events.length, { perMinute, perDay: limits.eventsPerDay }, now);
			return allowance.allowed ? null : later(allowance.refused, allowance.retryAfterSeconds);
		},
		now,
		inWriteGroup
	);
	if (applied.refused) return applied.refused;
	const { outcomes, certificates } = applied;
	return Response.json({ results: outcomes, issued: certificates, state: await learnerState(user.id) });
}
