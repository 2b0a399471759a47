import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LearnerState, SyncEvent } from '../sync/protocol.ts';
import type { LearnerOpportunities } from '../opportunities/types.ts';

/** What a learner did, as it waits on the device and is sent to `/api/sync`. */
export type OutboxEvent = SyncEvent;
export type { LearnerState };

export type OutboxRecord = {
	event: OutboxEvent;
	userId: number;
	addedAt: string;
	/** Failed sends that reached a server (5xx and the like); network failures are not counted. */
	attempts: number;
	lastError?: string;
};

/** An event the server refused. Kept until the learner dismisses it, so nothing vanishes unseen. */
export type RejectedRecord = {
	event: OutboxEvent;
	userId: number;
	reason: string;
	rejectedAt: string;
};

export type CurrentUser = { id: number; name: string };

type MetaValues = {
	currentUser: CurrentUser;
	/** The app version whose service worker last found every stored page current (see stale-pages.ts). */
	pagesCheckedFor: string;
	[key: `lastSyncAt:${number}`]: string;
	[key: `state:${number}`]: LearnerState;
	/** The last village figures the learner loaded (village-store.ts), shown to them alone while offline. */
	[key: `village:${number}`]: unknown;
	/** The opportunities last fetched for a learner (they depend on the township: kept per learner, like state). */
	[key: `opportunities:${number}`]: LearnerOpportunities;
};
export type MetaKey = keyof MetaValues;

interface ZhizhiDB extends DBSchema {
	outbox: { key: string; value: OutboxRecord; indexes: { userId: number } };
	rejected: { key: string; value: RejectedRecord; indexes: { userId: number } };
	meta: { key: string; value: unknown };
}

const DB_NAME = 'zhizhi';
const DB_VERSION = 1;

let connection: Promise<IDBPDatabase<ZhizhiDB>> | null = null;

function db(): Promise<IDBPDatabase<ZhizhiDB>> {
	connection ??= openDB<ZhizhiDB>(DB_NAME, DB_VERSION, {
		upgrade(database) {
			const outbox = database.createObjectStore('outbox', { keyPath: 'event.id' });
			outbox.createIndex('userId', 'userId');
			const rejected = database.createObjectStore('rejected', { keyPath: 'event.id' });
			rejected.createIndex('userId', 'userId');
			database.createObjectStore('meta');
		},
		// A newer version in another tab (or the service worker) must not wait on this one for ever.
		blocking() {
			void closeOutbox();
		},
		terminated() {
			connection = null;
		}
	}).catch((error) => {
		connection = null;
		throw error;
	});
	return connection;
}

/** Closes the connection; the next call reopens it. Tests use it to stand in for a page reload. */
export async function closeOutbox(): Promise<void> {
	const open = connection;
	connection = null;
	if (open) (await open).close();
}

const byTime = (a: { event: OutboxEvent }, b: { event: OutboxEvent }): number =>
	Date.parse(a.event.clientAt) - Date.parse(b.event.clientAt) || a.event.id.localeCompare(b.event.id);

/**
 * Stores an event for sending. Adding the same id again keeps the first record (and its attempt count),
 * so a double tap or a retried call never makes two events.
 */
export async function addEvent(event: OutboxEvent): Promise<OutboxRecord> {
	if (!Number.isInteger(event.userId) || event.userId <= 0) throw new Error('outbox: event without a learner');
	if (!event.id) throw new Error('outbox: event without an id');
	if (Number.isNaN(Date.parse(event.clientAt))) throw new Error('outbox: event without a valid clientAt');
	const tx = (await db()).transaction('outbox', 'readwrite');
	const existing = await tx.store.get(event.id);
	const record = existing ?? { event, userId: event.userId, addedAt: new Date().toISOString(), attempts: 0 };
	if (!existing) await tx.store.add(record);
	await tx.done;
	return record;
}

/** One learner's unsent events, oldest first. */
export async function pendingEvents(userId: number): Promise<OutboxRecord[]> {
	const records = await (await db()).getAllFromIndex('outbox', 'userId', userId);
	return records.sort(byTime);
}

export async function pendingCount(userId: number): Promise<number> {
	return (await db()).countFromIndex('outbox', 'userId', userId);
}

/** Deletes events the server acknowledged ("applied" or "duplicate"); never call it for anything else. */
export async function acknowledge(ids: readonly string[]): Promise<void> {
	if (ids.length === 0) return;
	const tx = (await db()).transaction('outbox', 'readwrite');
	await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
}

/** Notes a failed send on each event (5xx, a malformed answer), keeping the events. */
export async function recordFailure(ids: readonly string[], error: string): Promise<void> {
	if (ids.length === 0) return;
	const tx = (await db()).transaction('outbox', 'readwrite');
	for (const id of ids) {
		const record = await tx.store.get(id);
		if (record) await tx.store.put({ ...record, attempts: record.attempts + 1, lastError: error });
	}
	await tx.done;
}

/** Moves a refused event out of the outbox into the rejected store, in one transaction. */
export async function moveToRejected(id: string, reason: string): Promise<void> {
	const tx = (await db()).transaction(['outbox', 'rejected'], 'readwrite');
	const record = await tx.objectStore('outbox').get(id);
	if (record) {
		await tx.objectStore('rejected').put({
			event: record.event,
			userId: record.userId,
			reason,
			rejectedAt: new Date().toISOString()
		});
		await tx.objectStore('outbox').delete(id);
	}
	await tx.done;
}

/** One learner's refused events, oldest first. */
export async function rejectedEvents(userId: number): Promise<RejectedRecord[]> {
	const records = await (await db()).getAllFromIndex('rejected', 'userId', userId);
	return records.sort(byTime);
}

/** The learner has seen a refused event and lets it go. */
export async function dismissRejected(id: string): Promise<void> {
	await (await db()).delete('rejected', id);
}

/** Puts a refused event back in the outbox (e.g. after the server learned a new course version). */
export async function requeueRejected(id: string): Promise<void> {
	const tx = (await db()).transaction(['outbox', 'rejected'], 'readwrite');
	const record = await tx.objectStore('rejected').get(id);
	if (record) {
		await tx.objectStore('outbox').put({
			event: record.event,
			userId: record.userId,
			addedAt: new Date().toISOString(),
			attempts: 0
		});
		await tx.objectStore('rejected').delete(id);
	}
	await tx.done;
}

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
	return (await (await db()).get('meta', key)) as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
	await (await db()).put('meta', value, key);
}

/** Who is signed in on this device; null on sign-out. Other learners' events stay where they are. */
export async function setCurrentUser(user: CurrentUser | null): Promise<void> {
	if (user) await setMeta('currentUser', { id: user.id, name: user.name });
	else await (await db()).delete('meta', 'currentUser');
}

/** Removes what the phone knows of a learner's progress (their unsent events stay, to be sent at their next sign-in). */
export async function forgetLearnerState(userId: number): Promise<void> {
	const tx = (await db()).transaction('meta', 'readwrite');
	await Promise.all([
		tx.store.delete(`state:${userId}`),
		tx.store.delete(`lastSyncAt:${userId}`),
		tx.store.delete(`village:${userId}`),
		tx.store.delete(`opportunities:${userId}`),
		tx.done
	]);
}

export async function getCurrentUser(): Promise<CurrentUser | null> {
	return (await getMeta('currentUser')) ?? null;
}
