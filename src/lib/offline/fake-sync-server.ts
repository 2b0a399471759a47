import type { OutboxEvent } from './outbox.ts';

type Mode = 'normal' | 'die_after_apply' | 'down' | 'offline' | 'html' | 'rate_limited';

/**
 * A stand-in for `/api/sync` for unit tests: applies each event id once per learner, answers like the real
 * endpoint (401, 413, 429, 5xx), and records every request so tests can count what went over the wire.
 */
export function fakeSyncServer(options: { sessionUserId?: number | null; maxEvents?: number; maxBytes?: number } = {}) {
	const server = {
		sessionUserId: options.sessionUserId === undefined ? 1 : options.sessionUserId,
		maxEvents: options.maxEvents ?? 200,
		maxBytes: options.maxBytes ?? 512 * 1024,
		/** The Retry-After of the answers in `rate_limited` mode. */
		retryAfterSeconds: 30,
		mode: 'normal' as Mode,
		/** id → learner who owns it, as the server's unique UUID column would hold it. */
		applied: new Map<string, number>(),
		/** Reasons to refuse particular ids with, as the server's checks would (sync/events.ts: eventChecks). */
		refuse: new Map<string, string>(),
		requests: [] as { ids: string[]; status: number | 'network_error' }[],
		/** Requests that reached the server, including those still held at the gate. */
		arrived: 0,
		/** Resolve to let held requests through (for concurrency tests). */
		gate: null as Promise<void> | null,
		fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => {
			const events = (JSON.parse(String(init?.body)) as { events: OutboxEvent[] }).events;
			const ids = events.map((e) => e.id);
			server.arrived += 1;
			if (server.gate) await server.gate;
			const log = (status: number | 'network_error') => server.requests.push({ ids, status });
			if (server.mode === 'offline') {
				log('network_error');
				throw new TypeError('Failed to fetch');
			}
			if (server.sessionUserId === null) return answer(401, { error: 'unauthenticated' });
			if (server.mode === 'down') return answer(503, { error: 'unavailable' });
			if (server.mode === 'html') return new Response('<html>Wi-Fi login</html>', { status: 200 });
			if (server.mode === 'rate_limited')
				return answer(
					429,
					{ error: 'rate_limited', retryAfter: server.retryAfterSeconds },
					{ 'retry-after': String(server.retryAfterSeconds) }
				);
			if (String(init?.body).length > server.maxBytes)
				return answer(413, { error: 'too_large', maxBytes: server.maxBytes });
			if (events.length > server.maxEvents) return answer(413, { error: 'too_many_events', max: server.maxEvents });
			const user = server.sessionUserId;
			const results = events.map((e) => {
				if (e.userId !== user) return { id: e.id, status: 'rejected', reason: 'other_user' };
				const refusal = server.refuse.get(e.id);
				if (refusal) return { id: e.id, status: 'rejected', reason: refusal };
				const owner = server.applied.get(e.id);
				if (owner === undefined) {
					server.applied.set(e.id, user);
					return { id: e.id, status: 'applied' };
				}
				return owner === user
					? { id: e.id, status: 'duplicate' }
					: { id: e.id, status: 'rejected', reason: 'id_conflict' };
			});
			if (server.mode === 'die_after_apply') {
				server.mode = 'normal';
				log('network_error');
				throw new TypeError('network connection was lost');
			}
			const progress: Record<string, string[]> = {};
			for (const [id, owner] of server.applied) if (owner === user) (progress.demo ??= []).push(id);
			return answer(200, {
				results,
				issued: [],
				state: { userId: user, progress, attempts: [], certificates: [] }
			});

			function answer(status: number, body: unknown, headers?: HeadersInit): Response {
				log(status);
				return Response.json(body, { status, headers });
			}
		}) as typeof globalThis.fetch
	};
	return server;
}

let counter = 0;

/** An event as the app would record it, `minutesAgo` before now, so tests can control the order. */
export function makeEvent(userId: number, minutesAgo = 0, overrides: Partial<OutboxEvent> = {}): OutboxEvent {
	counter += 1;
	return {
		id: crypto.randomUUID(),
		userId,
		kind: 'lesson_completed',
		courseSlug: 'raising-chickens',
		lessonSlug: `lesson-${counter}`,
		contentVersion: 'abc123',
		clientAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
		...overrides
	} as OutboxEvent;
}
