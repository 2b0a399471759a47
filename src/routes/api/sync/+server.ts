import { error, json } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { learnerState } from '$lib/server/sync/state';
import { applyEvents } from '$lib/server/sync/apply';
import type { RequestHandler } from './$types';

/** Largest request body: 200 events of a long exam fit with room to spare. */
const MAX_BODY_BYTES = 512 * 1024;

/**
 * The outbox's endpoint: a batch of events in, each event's status and the learner's fresh state out.
 * Only acknowledged events ("applied" or "duplicate") may be deleted by the client; rejected ones carry a reason.
 */
export const POST: RequestHandler = async ({ request, locals, url }) => {
	if (!locals.user) return json({ error: 'unauthenticated' }, { status: 401 });
	// Read before refusing: answering while the phone is still sending resets the connection, which the
	// outbox would take for a network failure and retry for ever.
	const text = await request.text();
	if (Buffer.byteLength(text) > MAX_BODY_BYTES)
		return json({ error: 'too_large', maxBytes: MAX_BODY_BYTES }, { status: 413 });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		error(400, 'invalid JSON');
	}
	const events = (body as { events?: unknown })?.events;
	if (!Array.isArray(events)) return json({ error: 'invalid', detail: 'expected { events: [...] }' }, { status: 400 });
	const max = config().syncMaxEvents;
	if (events.length > max) return json({ error: 'too_many_events', max }, { status: 413 });
	const { outcomes, certificates } = await applyEvents(locals.user, events, url.origin);
	return json({ results: outcomes, issued: certificates, state: learnerState(locals.user.id) });
};
