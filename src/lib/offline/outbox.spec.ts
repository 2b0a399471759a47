import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from './fake-sync-server.ts';
import {
	acknowledge,
	addEvent,
	closeOutbox,
	dismissRejected,
	getCurrentUser,
	getMeta,
	moveToRejected,
	pendingCount,
	pendingEvents,
	recordFailure,
	rejectedEvents,
	requeueRejected,
	setCurrentUser,
	setMeta
} from './outbox.ts';

beforeEach(async () => {
	await closeOutbox();
	globalThis.indexedDB = new IDBFactory();
});

describe('outbox', () => {
	it('adds events and lists them oldest first', async () => {
		const later = makeEvent(1, 1);
		const earlier = makeEvent(1, 10);
		await addEvent(later);
		await addEvent(earlier);
		const pending = await pendingEvents(1);
		expect(pending.map((r) => r.event.id)).toEqual([earlier.id, later.id]);
		expect(pending[0]).toMatchObject({ userId: 1, attempts: 0, event: earlier });
		expect(await pendingCount(1)).toBe(2);
	});

	it('keeps the first record when the same event is added twice', async () => {
		const event = makeEvent(1);
		await addEvent(event);
		await recordFailure([event.id], 'http_503');
		await addEvent(event);
		expect(await pendingCount(1)).toBe(1);
		expect((await pendingEvents(1))[0]).toMatchObject({ attempts: 1, lastError: 'http_503' });
	});

	it('refuses an event without a learner or a valid time', async () => {
		await expect(addEvent({ ...makeEvent(1), userId: 0 })).rejects.toThrow(/learner/);
		await expect(addEvent({ ...makeEvent(1), clientAt: 'yesterday' })).rejects.toThrow(/clientAt/);
	});

	it('deletes acknowledged events only', async () => {
		const [a, b, c] = [makeEvent(1, 3), makeEvent(1, 2), makeEvent(1, 1)];
		for (const e of [a, b, c]) await addEvent(e);
		await acknowledge([a.id, c.id, 'not-there']);
		expect((await pendingEvents(1)).map((r) => r.event.id)).toEqual([b.id]);
		await acknowledge([]);
		expect(await pendingCount(1)).toBe(1);
	});

	it("keeps each learner's events apart on a shared phone", async () => {
		const mine = makeEvent(1);
		const theirs = makeEvent(2);
		await addEvent(mine);
		await addEvent(theirs);
		expect((await pendingEvents(1)).map((r) => r.event.id)).toEqual([mine.id]);
		expect((await pendingEvents(2)).map((r) => r.event.id)).toEqual([theirs.id]);
		await setCurrentUser({ id: 2, name: '李四' });
		await setCurrentUser(null);
		expect(await pendingCount(1)).toBe(1);
		expect(await pendingCount(2)).toBe(1);
	});

	it('keeps refused events with their reason until dismissed', async () => {
		const event = makeEvent(1);
		await addEvent(event);
		await moveToRejected(event.id, 'unknown_version');
		expect(await pendingCount(1)).toBe(0);
		const rejected = await rejectedEvents(1);
		expect(rejected).toHaveLength(1);
		expect(rejected[0]).toMatchObject({ event, userId: 1, reason: 'unknown_version' });
		expect(Date.parse(rejected[0].rejectedAt)).not.toBeNaN();
		expect(await rejectedEvents(2)).toEqual([]);
		await dismissRejected(event.id);
		expect(await rejectedEvents(1)).toEqual([]);
	});

	it('can put a refused event back in the outbox', async () => {
		const event = makeEvent(1);
		await addEvent(event);
		await moveToRejected(event.id, 'unknown_version');
		await requeueRejected(event.id);
		expect(await rejectedEvents(1)).toEqual([]);
		expect((await pendingEvents(1))[0]).toMatchObject({ event, attempts: 0 });
	});

	it('stores meta values and the current learner', async () => {
		expect(await getCurrentUser()).toBeNull();
		await setCurrentUser({ id: 7, name: '王芳' });
		expect(await getCurrentUser()).toEqual({ id: 7, name: '王芳' });
		await setMeta('lastSyncAt:7', '2026-01-02T03:04:05.000Z');
		expect(await getMeta('lastSyncAt:7')).toBe('2026-01-02T03:04:05.000Z');
		expect(await getMeta('lastSyncAt:8')).toBeUndefined();
		await setCurrentUser(null);
		expect(await getCurrentUser()).toBeNull();
	});

	it('survives closing and reopening the database (a reload)', async () => {
		const pending = makeEvent(1);
		const refused = makeEvent(1);
		await addEvent(pending);
		await addEvent(refused);
		await moveToRejected(refused.id, 'unknown_lesson');
		await setCurrentUser({ id: 1, name: '张三' });
		await closeOutbox();
		expect((await pendingEvents(1)).map((r) => r.event)).toEqual([pending]);
		expect((await rejectedEvents(1)).map((r) => r.reason)).toEqual(['unknown_lesson']);
		expect(await getCurrentUser()).toEqual({ id: 1, name: '张三' });
	});
});
