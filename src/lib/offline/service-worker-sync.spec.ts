import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeSyncServer, makeEvent } from './fake-sync-server.ts';
import { addEvent, closeOutbox, pendingCount, setCurrentUser } from './outbox.ts';
import { backgroundSync, onSyncEvent, SYNC_TAG } from './service-worker-sync.ts';

beforeEach(async () => {
	await closeOutbox();
	globalThis.indexedDB = new IDBFactory();
});

describe('backgroundSync', () => {
	it("sends the current learner's events only", async () => {
		const server = fakeSyncServer({ sessionUserId: 2 });
		await addEvent(makeEvent(1));
		await addEvent(makeEvent(2));
		await setCurrentUser({ id: 2, name: '李四' });
		expect(await backgroundSync({ fetch: server.fetch })).toMatchObject({ outcome: 'ok', acknowledged: 1 });
		expect(await pendingCount(1)).toBe(1);
		expect(await pendingCount(2)).toBe(0);
	});

	it('does nothing when nobody is signed in on the device', async () => {
		const server = fakeSyncServer();
		await addEvent(makeEvent(1));
		expect(await backgroundSync({ fetch: server.fetch })).toBeNull();
		expect(server.requests).toEqual([]);
	});

	it('rejects when offline so the browser tries again, keeping the events', async () => {
		const server = fakeSyncServer();
		server.mode = 'offline';
		await addEvent(makeEvent(1));
		await setCurrentUser({ id: 1, name: '张三' });
		await expect(backgroundSync({ fetch: server.fetch })).rejects.toThrow(/offline/);
		expect(await pendingCount(1)).toBe(1);
	});

	it('rejects on 429 so the browser tries again later, keeping the events', async () => {
		const server = fakeSyncServer({ sessionUserId: 9 });
		server.mode = 'rate_limited';
		await addEvent(makeEvent(9));
		await setCurrentUser({ id: 9, name: '王五' });
		await expect(backgroundSync({ fetch: server.fetch })).rejects.toThrow(/later/);
		expect(await pendingCount(9)).toBe(1);
	});

	it('answers only its own tag', () => {
		const waited: unknown[] = [];
		onSyncEvent({ tag: 'other', waitUntil: (p) => waited.push(p) });
		expect(waited).toHaveLength(0);
		onSyncEvent({ tag: SYNC_TAG, waitUntil: (p) => waited.push(p) });
		expect(waited).toHaveLength(1);
		return (waited[0] as Promise<unknown>).catch(() => undefined);
	});
});
