import { eq, inArray } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';

/** Failures allowed before a key is blocked. */
export const MAX_FAILURES = 5;
const BASE_WAIT_MS = 30_000;
const MAX_WAIT_MS = 60 * 60 * 1000;

/** The block after the `failures`th failure: 30 s at the 5th, doubling each time, at most an hour. */
export function blockDurationMs(failures: number): number {
	if (failures < MAX_FAILURES) return 0;
	// Cap the exponent too, so a long-running attacker cannot overflow to Infinity.
	const doublings = Math.min(failures - MAX_FAILURES, 20);
	return Math.min(BASE_WAIT_MS * 2 ** doublings, MAX_WAIT_MS);
}

/**
 * Whether a sign-in may be tried now for all of `keys` (e.g. the account and the client address);
 * when not, how long the longest block still has to run.
 */
export function checkSignIn(keys: string[], now = new Date()): { allowed: boolean; retryAfterSeconds: number } {
	if (keys.length === 0) return { allowed: true, retryAfterSeconds: 0 };
	const rows = db.select().from(rateLimits).where(inArray(rateLimits.key, keys)).all();
	let waitMs = 0;
	for (const row of rows) {
		if (row.blockedUntil) waitMs = Math.max(waitMs, row.blockedUntil.getTime() - now.getTime());
	}
	return waitMs > 0
		? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) }
		: { allowed: true, retryAfterSeconds: 0 };
}

/** Counts a failed sign-in against each key, blocking keys that reached the limit. */
export function recordFailure(keys: string[], now = new Date()): void {
	// One transaction so concurrent failures cannot lose each other's counts.
	db.transaction((tx) => {
		for (const key of keys) {
			const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
			const failures = (row?.failures ?? 0) + 1;
			const wait = blockDurationMs(failures);
			const blockedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
			tx.insert(rateLimits)
				.values({ key, failures, blockedUntil, updatedAt: now })
				.onConflictDoUpdate({ target: rateLimits.key, set: { failures, blockedUntil, updatedAt: now } })
				.run();
		}
	});
}

/** Forgets the failures of each key after a successful sign-in. */
export function recordSuccess(keys: string[]): void {
	if (keys.length === 0) return;
	db.delete(rateLimits).where(inArray(rateLimits.key, keys)).run();
}
