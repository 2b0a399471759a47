import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSyncServer, makeEvent } from './fake-sync-server.ts';
import { addEvent, closeOutbox, getMeta, pendingCount, pendingEvents, rejectedEvents } from './outbox.ts';
import { syncOutbox } from './sync.ts';

beforeEach(async () => {
	await closeOutbox();
	globalThis.indexedDB = new IDBFactory();
});

async function addMany(userId: number, count: number) {
	const events = Array.from({ length: count }, (_, i) => makeEvent(userId, count - i));
	for (const e of events) await addEvent(e);
	return events;
}

describe('syncOutbox', () => {
	it('sends pending events oldest first, deletes the acknowledged ones and saves state', async () => {
		const server = fakeSyncServer();
		const events = await addMany(1, 5);
		const result = await syncOutbox(1, { fetch: server.fetch, batchSize: 2 });
		expect(result).toMatchObject({ outcome: 'ok', sent: 5, acknowledged: 5, rejected: 0, issued: [] });
		expect(server.requests.map((r) => r.ids)).toEqual([
			[events[0].id, events[1].id],
			[events[2].id, events[3].id],
			[events[4].id]
		]);
		expect(await pendingCount(1)).toBe(0);
		expect(result.state?.userId).toBe(1);
		expect(await getMeta('state:1')).toEqual(result.state);
		expect(Date.parse((await getMeta('lastSyncAt:1'))!)).not.toBeNaN();
	});

	it('with nothing pending, asks for fresh state once, or not at all without refresh', async () => {
		const server = fakeSyncServer();
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'ok', sent: 0 });
		expect(server.requests).toEqual([{ ids: [], status: 200 }]);
		await syncOutbox(1, { fetch: server.fetch, refresh: false });
		expect(server.requests).toHaveLength(1);
	});

	it("sends only that learner's events and leaves the others'", async () => {
		const server = fakeSyncServer({ sessionUserId: 2 });
		const [mine] = await addMany(2, 1);
		await addMany(1, 3);
		const result = await syncOutbox(2, { fetch: server.fetch });
		expect(result).toMatchObject({ outcome: 'ok', sent: 1, acknowledged: 1 });
		expect(server.requests.map((r) => r.ids)).toEqual([[mine.id]]);
		expect(await pendingCount(1)).toBe(3);
	});

	it('keeps refused events with their reason, including an id another learner used', async () => {
		const server = fakeSyncServer();
		const [good, badVersion, collided] = await addMany(1, 3);
		server.refuse.set(badVersion.id, 'unknown_version');
		server.applied.set(collided.id, 99); // the same UUID already belongs to another learner
		const result = await syncOutbox(1, { fetch: server.fetch });
		expect(result).toMatchObject({ outcome: 'ok', acknowledged: 1, rejected: 2 });
		expect(await pendingCount(1)).toBe(0);
		const rejected = await rejectedEvents(1);
		expect(rejected.map((r) => [r.event.id, r.reason])).toEqual([
			[badVersion.id, 'unknown_version'],
			[collided.id, 'id_conflict']
		]);
		expect(server.applied.get(good.id)).toBe(1);
	});

	it('keeps everything when the network fails', async () => {
		const server = fakeSyncServer();
		server.mode = 'offline';
		await addMany(1, 3);
		const result = await syncOutbox(1, { fetch: server.fetch });
		expect(result).toMatchObject({ outcome: 'offline', acknowledged: 0 });
		const pending = await pendingEvents(1);
		expect(pending).toHaveLength(3);
		expect(pending.every((r) => r.attempts === 0)).toBe(true);
		expect(await getMeta('lastSyncAt:1')).toBeUndefined();
	});

	it('keeps everything and reports signed_out on 401, then sends after sign-in', async () => {
		const server = fakeSyncServer({ sessionUserId: null });
		await addMany(1, 3);
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'signed_out', acknowledged: 0 });
		expect(await pendingCount(1)).toBe(3);
		server.sessionUserId = 1;
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'ok', acknowledged: 3 });
		expect(await pendingCount(1)).toBe(0);
	});

	it("keeps the events when the session is another learner's, instead of having them refused", async () => {
		const server = fakeSyncServer({ sessionUserId: 2 });
		await addMany(1, 2);
		const result = await syncOutbox(1, { fetch: server.fetch });
		expect(result).toMatchObject({ outcome: 'signed_out', detail: 'other_session', rejected: 0 });
		expect(await pendingCount(1)).toBe(2);
		expect(await rejectedEvents(1)).toEqual([]);
		expect(await getMeta('state:1')).toBeUndefined();
	});

	it('on 413 too_many_events, halves the batch until the server takes it', async () => {
		const server = fakeSyncServer({ maxEvents: 10 });
		const events = await addMany(1, 23);
		const result = await syncOutbox(1, { fetch: server.fetch, batchSize: 50 });
		expect(result).toMatchObject({ outcome: 'ok', acknowledged: 23 });
		expect(server.requests.map((r) => [r.ids.length, r.status])).toEqual([
			[23, 413],
			[10, 200],
			[10, 200],
			[3, 200]
		]);
		expect(server.requests.slice(1).flatMap((r) => r.ids)).toEqual(events.map((e) => e.id));
		expect(await pendingCount(1)).toBe(0);
	});

	it('on 413 too_large, splits down to one event and shows an event that alone is too big', async () => {
		const server = fakeSyncServer({ maxBytes: 2000 });
		const small = await addMany(1, 3);
		const bigOne = makeEvent(1, 0.5, {
			kind: 'exam_attempt',
			payload: { ticket: 't', answers: { q1: ['x'.repeat(3000)] } }
		});
		await addEvent(bigOne);
		const result = await syncOutbox(1, { fetch: server.fetch });
		expect(result).toMatchObject({ outcome: 'ok', acknowledged: 3, rejected: 1 });
		expect([...server.applied.keys()].sort()).toEqual(small.map((e) => e.id).sort());
		expect((await rejectedEvents(1)).map((r) => [r.event.id, r.reason])).toEqual([[bigOne.id, 'too_large']]);
	});

	it('keeps everything and counts the attempt on 5xx', async () => {
		const server = fakeSyncServer();
		server.mode = 'down';
		await addMany(1, 2);
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'error', detail: 'http_503' });
		await syncOutbox(1, { fetch: server.fetch });
		const pending = await pendingEvents(1);
		expect(pending.map((r) => [r.attempts, r.lastError])).toEqual([
			[2, 'http_503'],
			[2, 'http_503']
		]);
	});

	it('on 429, keeps every event unrefused and uncounted, and sends nothing more until Retry-After has passed', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		try {
			const server = fakeSyncServer({ sessionUserId: 7 });
			server.mode = 'rate_limited';
			server.retryAfterSeconds = 30;
			const events = await addMany(7, 3);
			const limited = await syncOutbox(7, { fetch: server.fetch });
			expect(limited).toMatchObject({ outcome: 'later', detail: 'rate_limited', acknowledged: 0, rejected: 0 });
			expect(Date.parse(limited.retryAt!) - Date.now()).toBe(30_000);
			expect((await pendingEvents(7)).map((r) => [r.event.id, r.attempts])).toEqual(events.map((e) => [e.id, 0]));
			expect(await rejectedEvents(7)).toEqual([]);

			server.mode = 'normal';
			vi.advanceTimersByTime(29_000);
			expect(await syncOutbox(7, { fetch: server.fetch })).toMatchObject({ outcome: 'later', sent: 0 });
			expect(server.requests).toHaveLength(1);

			vi.advanceTimersByTime(1_000);
			expect(await syncOutbox(7, { fetch: server.fetch })).toMatchObject({ outcome: 'ok', acknowledged: 3 });
			expect(await pendingCount(7)).toBe(0);
		} finally {
			vi.useRealTimers();
		}
	});

	it('keeps everything when a 200 is not our API (a captive portal page)', async () => {
		const server = fakeSyncServer();
		server.mode = 'html';
		await addMany(1, 2);
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'error', detail: 'bad_response' });
		expect(await pendingCount(1)).toBe(2);
	});

	it('deletes events the server reports as duplicate', async () => {
		const server = fakeSyncServer();
		const [event] = await addMany(1, 1);
		server.applied.set(event.id, 1); // sent earlier from another tab
		const result = await syncOutbox(1, { fetch: server.fetch });
		expect(result).toMatchObject({ outcome: 'ok', acknowledged: 1, rejected: 0 });
		expect(await pendingCount(1)).toBe(0);
	});

	it('server applies the batch, then the connection dies: kept, then deleted as duplicate, counted once', async () => {
		const server = fakeSyncServer();
		const events = await addMany(1, 3);
		server.mode = 'die_after_apply';
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'offline', acknowledged: 0 });
		expect(server.applied.size).toBe(3);
		expect(await pendingCount(1)).toBe(3);

		const again = await syncOutbox(1, { fetch: server.fetch });
		expect(again).toMatchObject({ outcome: 'ok', acknowledged: 3, rejected: 0 });
		expect(await pendingCount(1)).toBe(0);
		expect([...server.applied.keys()].sort()).toEqual(events.map((e) => e.id).sort());
		expect(again.state?.progress.demo).toHaveLength(3);
	});

	it('concurrent syncs never put the same event on the wire twice', async () => {
		const server = fakeSyncServer();
		const events = await addMany(1, 4);
		let open!: () => void;
		server.gate = new Promise((resolve) => (open = resolve));
		const first = syncOutbox(1, { fetch: server.fetch });
		const joined = syncOutbox(1, { fetch: server.fetch });
		expect(joined).toBe(first);
		await vi.waitFor(() => expect(server.arrived).toBe(1)); // the first is now waiting on the network
		const later = syncOutbox(1, { fetch: server.fetch });
		open();
		const [a, b, c] = await Promise.all([first, joined, later]);
		expect(a).toMatchObject({ outcome: 'ok', acknowledged: 4 });
		expect(b).toBe(a);
		expect(c).toMatchObject({ outcome: 'ok', sent: 0 });
		expect(server.requests.map((r) => r.ids.length)).toEqual([4, 0]);
		const sentIds = server.requests.flatMap((r) => r.ids);
		expect(new Set(sentIds).size).toBe(sentIds.length);
		expect(sentIds.sort()).toEqual(events.map((e) => e.id).sort());
	});

	it('survives a reload between failing and succeeding', async () => {
		const server = fakeSyncServer();
		server.mode = 'offline';
		await addMany(1, 2);
		await syncOutbox(1, { fetch: server.fetch });
		await closeOutbox();
		server.mode = 'normal';
		expect(await syncOutbox(1, { fetch: server.fetch })).toMatchObject({ outcome: 'ok', acknowledged: 2 });
	});
});
