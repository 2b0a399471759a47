import { dropExamTicketsOf } from './exam-tickets.ts';
import {
	addEvent,
	dismissRejected,
	forgetLearnerState,
	getCurrentUser,
	getMeta,
	pendingEvents,
	rejectedEvents,
	setCurrentUser,
	setMeta,
	type CurrentUser,
	type LearnerState,
	type OutboxEvent,
	type RejectedRecord
} from './outbox.ts';
import { newEventId } from '../sync/event-id.ts';
import { SYNC_TAG, syncOutbox, type SyncOptions, type SyncResult } from './sync.ts';
import { forgetPersonalPages } from './forget.ts';
import { learner, setProgress } from './progress-store.svelte.ts';

/** How often an open, visible page retries waiting events. */
const RETRY_MS = 60_000;

export type SyncState = {
	userId: number | null;
	pending: number;
	rejected: RejectedRecord[];
	lastSyncAt: string | null;
	syncing: boolean;
	/** The server said the session is gone (or is another learner's): the learner must sign in to send. */
	needsSignIn: boolean;
	online: boolean;
	/** The learner's last known state from the server, to draw progress over cached pages. */
	state: LearnerState | null;
};

/** The outbox as the UI sees it: one shared object, updated in place. */
export const syncState: SyncState = $state({
	userId: null,
	pending: 0,
	rejected: [],
	lastSyncAt: null,
	syncing: false,
	needsSignIn: false,
	online: typeof navigator === 'undefined' ? true : navigator.onLine,
	state: null
});

/** What a page records; the learner, id and time are filled in by `recordEvent`. */
export type NewEvent = OutboxEvent extends infer E
	? E extends OutboxEvent
		? Omit<E, 'id' | 'userId' | 'clientAt'> & Partial<Pick<E, 'id' | 'clientAt'>>
		: never
	: never;

let options: SyncOptions = {};
let running = 0;
let stopListening: (() => void) | null = null;

/**
 * Starts the outbox for the learner signed in on this page (null when nobody is): remembers them for the
 * service worker, refreshes the counts and syncs now, on `online`, every minute while visible, and through
 * Background Sync where the browser has it. Resolves with the first sync's result.
 */
export async function startSync(user: CurrentUser | null, syncOptions: SyncOptions = {}): Promise<SyncResult | null> {
	options = syncOptions;
	// Another learner was the last one here (signed out, or their session ended): the phone forgets what it
	// knew of them, and keeps their unsent events for their next sign-in.
	const previous = await getCurrentUser();
	if (previous && previous.id !== user?.id) await forgetLearner(previous.id);
	await setCurrentUser(user);
	if (syncState.userId !== (user?.id ?? null)) {
		Object.assign(syncState, { userId: user?.id ?? null, rejected: [], pending: 0, lastSyncAt: null, state: null });
		syncState.needsSignIn = false;
	}
	listen();
	await refresh();
	if (!user) return null;
	if (syncState.pending > 0) registerBackgroundSync();
	return syncNow();
}

/**
 * Forgets a learner on this phone: their progress store and the stored pages that could show them (their
 * unsent events stay, and are sent at their next sign-in). Sign-out calls it; so does the next start.
 */
export async function forgetLearner(userId: number): Promise<void> {
	await forgetLearnerState(userId);
	// Their exam tickets are theirs alone (a new one comes with the exam page or the saved course when they are back).
	await dropExamTicketsOf(userId).catch(() => undefined);
	await forgetPersonalPages().catch(() => undefined);
	if ((await getCurrentUser())?.id === userId) await setCurrentUser(null);
}

/** The phone's last signed-in learner, for a start without a connection (null after a sign-out). */
export const lastLearner = (): Promise<CurrentUser | null> => getCurrentUser();

/** Keeps the state the server just sent for a learner, for their progress while offline. */
export async function rememberState(state: LearnerState): Promise<void> {
	await setMeta(`state:${state.userId}`, state);
}

/** Removes the listeners and the timer (the outbox itself stays as it is). */
export function stopSync(): void {
	stopListening?.();
	stopListening = null;
}

/**
 * Records what the learner did: stored on the device first (so it is safe before this resolves), then sent.
 * Throws when no learner is signed in on this device.
 */
export async function recordEvent(partial: NewEvent): Promise<OutboxEvent> {
	// Stamped with the learner whose session this page found (the server refuses an event of anyone else); before
	// the page has asked, with the learner the outbox runs for.
	const userId = learner.checked
		? learner.user?.role === 'learner'
			? learner.user.id
			: undefined
		: (syncState.userId ?? (await getCurrentUser())?.id);
	if (!userId) throw new Error('recordEvent: no learner is signed in on this device');
	// Stamped with the learner signed in here: the server refuses an event whose learner is not the session's.
	const event = {
		...partial,
		id: partial.id ?? newEventId(),
		userId,
		// A plain timestamp, never reactive state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		clientAt: partial.clientAt ?? new Date().toISOString()
	} satisfies OutboxEvent;
	await addEvent(event);
	await refresh();
	registerBackgroundSync();
	void syncNow();
	return event;
}

/** Sends the current learner's waiting events now; null when nobody is signed in. */
export async function syncNow(extra: Partial<SyncOptions> = {}): Promise<SyncResult | null> {
	const userId = syncState.userId;
	if (userId === null) return null;
	running += 1;
	syncState.syncing = true;
	try {
		const result = await syncOutbox(userId, { ...options, ...extra });
		if (syncState.userId === userId) {
			if (result.outcome === 'signed_out') syncState.needsSignIn = true;
			if (result.outcome === 'ok') syncState.needsSignIn = false;
			syncState.online = result.outcome !== 'offline';
		}
		if (result.outcome === 'offline') registerBackgroundSync();
		return result;
	} catch (error) {
		// Storage failed (quota, private mode): the events that were stored stay; the next trigger tries again.
		console.error('sync failed', error);
		return null;
	} finally {
		running -= 1;
		syncState.syncing = running > 0;
		await refresh().catch(() => undefined);
	}
}

/** The learner has read a refused event's note and lets it go. */
export async function dismissRejectedEvent(id: string): Promise<void> {
	await dismissRejected(id);
	await refresh();
}

async function refresh(): Promise<void> {
	const userId = syncState.userId;
	if (userId === null) return;
	const [waiting, rejected, lastSyncAt, state] = await Promise.all([
		pendingEvents(userId),
		rejectedEvents(userId),
		getMeta(`lastSyncAt:${userId}`),
		getMeta(`state:${userId}`)
	]);
	// A switch of learner while reading must not show one learner's numbers to the next.
	if (syncState.userId !== userId) return;
	const pending = waiting.length;
	Object.assign(syncState, { pending, rejected, lastSyncAt: lastSyncAt ?? null, state: state ?? null });
	setProgress(
		userId,
		state ?? null,
		waiting.map((r) => r.event)
	);
}

function listen(): void {
	if (stopListening || typeof window === 'undefined') return;
	const onOnline = () => {
		syncState.online = true;
		void syncNow();
	};
	const onOffline = () => (syncState.online = false);
	const onVisible = () => {
		if (document.visibilityState === 'visible' && syncState.pending > 0) void syncNow({ refresh: false });
	};
	const timer = setInterval(() => {
		if (document.visibilityState !== 'visible' || syncState.needsSignIn || syncState.pending === 0) return;
		void syncNow({ refresh: false });
	}, RETRY_MS);
	window.addEventListener('online', onOnline);
	window.addEventListener('offline', onOffline);
	document.addEventListener('visibilitychange', onVisible);
	stopListening = () => {
		clearInterval(timer);
		window.removeEventListener('online', onOnline);
		window.removeEventListener('offline', onOffline);
		document.removeEventListener('visibilitychange', onVisible);
	};
}

type SyncManagerRegistration = ServiceWorkerRegistration & { sync: { register(tag: string): Promise<void> } };

/** Asks the browser to wake the service worker when back online. A bonus where it exists, never relied on. */
function registerBackgroundSync(): void {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	if (typeof ServiceWorkerRegistration === 'undefined' || !('sync' in ServiceWorkerRegistration.prototype)) return;
	navigator.serviceWorker.ready
		.then((registration) => (registration as SyncManagerRegistration).sync.register(SYNC_TAG))
		.catch(() => undefined);
}
