import { getCurrentUser } from './outbox.ts';
import { SYNC_TAG, syncOutbox, type SyncOptions, type SyncResult } from './sync.ts';

export { SYNC_TAG };

/**
 * The service worker's Background Sync handler: sends the waiting events of the learner last signed in on
 * this device (the worker's fetch carries the session cookie). Rejects when the network or server failed, or
 * the server asked to wait, so the browser schedules another try; a sign-out is not retried, the page asks the learner instead.
 */
export async function backgroundSync(options: SyncOptions = {}): Promise<SyncResult | null> {
	const user = await getCurrentUser();
	if (!user) return null;
	const result = await syncOutbox(user.id, { refresh: false, ...options });
	if (result.outcome === 'offline' || result.outcome === 'error' || result.outcome === 'later') {
		throw new Error(`background sync: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}`);
	}
	return result;
}

/** For `self.addEventListener('sync', onSyncEvent)` in the service worker. */
export function onSyncEvent(event: { tag: string; waitUntil(promise: Promise<unknown>): void }): void {
	if (event.tag === SYNC_TAG) event.waitUntil(backgroundSync());
}
