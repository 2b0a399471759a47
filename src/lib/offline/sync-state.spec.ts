import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSyncServer, makeEvent } from './fake-sync-server.ts';
import { addEvent, closeOutbox, getCurrentUser, getMeta, pendingCount } from './outbox.ts';
import { learner, setLearner } from './progress-store.svelte.ts';
import { dismissRejectedEvent, recordEvent, startSync, stopSync, syncNow, syncState } from './sync-state.svelte.ts';

beforeEach(async () => {
	Object.assign(learner, { checked: false, user: null, state: null, pending: [] });
	stopSync();
	await closeOutbox();
	globalThis.indexedDB = new IDBFactory();
	await startSync(null);
});

const lesson = {
	kind: 'lesson_completed',
	courseSlug: 'raising-chickens',
	lessonSlug: 'feed',
	contentVersion: 'abc123'
} as const;

describe('sync state', () => {
	it('starts for a learner: remembers them, sends their waiting events and fills the state', async () => {
		const server = fakeSyncServer();
		await addEvent(makeEvent(1));
		const result = await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		expect(result?.outcome).toBe('ok');
		expect(await getCurrentUser()).toEqual({ id: 1, name: '张三' });
		expect(syncState).toMatchObject({ userId: 1, pending: 0, needsSignIn: false, syncing: false, online: true });
		expect(syncState.lastSyncAt).not.toBeNull();
		expect(syncState.state?.userId).toBe(1);
	});

	it('recordEvent fills id, learner and time, stores the event, then sends it', async () => {
		const server = fakeSyncServer();
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		const before = Date.now();
		const event = await recordEvent(lesson);
		expect(event).toMatchObject({ ...lesson, userId: 1 });
		expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(Date.parse(event.clientAt)).toBeGreaterThanOrEqual(before);
		await vi.waitFor(() => expect(server.applied.has(event.id)).toBe(true));
		await vi.waitFor(() => expect(syncState.pending).toBe(0));
	});

	it('keeps the event and asks for sign-in when the session has expired', async () => {
		const server = fakeSyncServer({ sessionUserId: null });
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		expect(syncState.needsSignIn).toBe(true);
		await recordEvent(lesson);
		await syncNow();
		expect(syncState).toMatchObject({ pending: 1, needsSignIn: true });
		server.sessionUserId = 1;
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		expect(syncState).toMatchObject({ pending: 0, needsSignIn: false });
	});

	it('switching learner keeps the first learner’s unsent events', async () => {
		const server = fakeSyncServer({ sessionUserId: 2 });
		server.mode = 'offline';
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		await recordEvent(lesson);
		expect(syncState.online).toBe(false);
		server.mode = 'normal';
		await startSync({ id: 2, name: '李四' }, { fetch: server.fetch });
		expect(syncState).toMatchObject({ userId: 2, pending: 0 });
		expect(await pendingCount(1)).toBe(1);
	});

	it('a sign-out forgets the learner’s progress on the phone and keeps their unsent events for their next sign-in', async () => {
		const server = fakeSyncServer({ sessionUserId: 1 });
		setLearner({ id: 1, name: '张三', role: 'learner', username: '13900000001', village: null }, false);
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		expect(await getMeta('state:1')).toMatchObject({ userId: 1 });
		server.mode = 'offline';
		await recordEvent(lesson);
		expect(learner.pending.map((e) => ('lessonSlug' in e ? e.lessonSlug : null))).toEqual(['feed']);

		server.mode = 'normal';
		server.sessionUserId = 2;
		setLearner({ id: 2, name: '李四', role: 'learner', username: '13900000002', village: null }, false);
		await startSync({ id: 2, name: '李四' }, { fetch: server.fetch });
		expect(await getMeta('state:1')).toBeUndefined();
		expect(await getMeta('lastSyncAt:1')).toBeUndefined();
		expect(learner.pending).toEqual([]);
		expect(await pendingCount(1)).toBe(1);
		expect(server.applied.size).toBe(0);

		server.sessionUserId = 1;
		setLearner({ id: 1, name: '张三', role: 'learner', username: '13900000001', village: null }, false);
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		expect(await pendingCount(1)).toBe(0);
		expect([...server.applied.values()]).toEqual([1]);
	});

	it('lists refused events until the learner dismisses them', async () => {
		const server = fakeSyncServer();
		const event = makeEvent(1);
		server.refuse.set(event.id, 'unknown_lesson');
		await addEvent(event);
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		expect(syncState.rejected.map((r) => [r.event.id, r.reason])).toEqual([[event.id, 'unknown_lesson']]);
		await dismissRejectedEvent(event.id);
		expect(syncState.rejected).toEqual([]);
	});

	it('refuses to record with nobody signed in', async () => {
		await expect(recordEvent(lesson)).rejects.toThrow(/no learner/);
		expect(await syncNow()).toBeNull();
	});

	it('stamps an event with the learner whose session the page found, never the outbox’s last learner', async () => {
		const server = fakeSyncServer({ sessionUserId: 1 });
		await startSync({ id: 1, name: '张三' }, { fetch: server.fetch });
		setLearner({ id: 2, name: '李四', role: 'learner', username: '13900000002', village: null }, false);
		expect((await recordEvent(lesson)).userId).toBe(2);
		setLearner(null, false);
		await expect(recordEvent(lesson)).rejects.toThrow(/no learner/);
	});
});
