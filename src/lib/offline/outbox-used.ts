/**
 * Whether this phone may hold an outbox. Most first visits come from a link shared in WeChat, by someone not
 * signed in: they need none of the outbox's code (IndexedDB, sync), so the layout loads it only for a signed-in
 * learner, or where a learner once signed in (to tell the outbox that nobody is signed in now).
 */

const USED_KEY = 'zhizhi-outbox-used';

/** Remembers that a learner has used the outbox on this phone (so it may hold events). */
export function markOutboxUsed(): void {
	try {
		localStorage.setItem(USED_KEY, '1');
	} catch {
		// Storage blocked: outboxUsed() then answers yes, which is the safe side.
	}
}

/** False only when we know that nobody ever signed in on this phone. */
export function outboxUsed(): boolean {
	try {
		return localStorage.getItem(USED_KEY) === '1';
	} catch {
		return true;
	}
}
