import { eq, inArray } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';

interface Policy {
	/** Failures allowed before the key is blocked. */
	maxFailures: number;
	/** A key with no failure for this long, and not blocked, starts again from zero. */
	forgetAfterMs: number;
}

const HOUR_MS = 60 * 60 * 1000;
/** An account: five tries, then a wait that doubles; a forgotten PIN does not count against tomorrow. */
const ACCOUNT: Policy = { maxFailures: 5, forgetAfterMs: 24 * HOUR_MS };
/**
 * A client address. One address is often a whole village: a mobile carrier's shared address, or the township
 * office's Wi-Fi where staff help learners sign in one after another. So it takes many more failures to block
 * one, and they are forgotten sooner. Guessing one account's PIN is stopped by the account's own limit.
 */
const ADDRESS: Policy = { maxFailures: 50, forgetAfterMs: HOUR_MS / 4 };

export const MAX_FAILURES = ACCOUNT.maxFailures;
export const MAX_ADDRESS_FAILURES = ADDRESS.maxFailures;

const policyOf = (key: string): Policy => (key.startsWith('account:') ? ACCOUNT : ADDRESS);

const BASE_WAIT_MS = 30_000;
const MAX_WAIT_MS = HOUR_MS;

/** The block after the `failures`th failure: 30 s at the limit, doubling each time, at most an hour. */
export function blockDurationMs(failures: number, maxFailures = MAX_FAILURES): number {
	if (failures < maxFailures) return 0;
	// Cap the exponent too, so a long-running attacker cannot overflow to Infinity.
	const doublings = Math.min(failures - maxFailures, 20);
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
			const policy = policyOf(key);
			const row = tx.select().from(rateLimits).where(eq(rateLimits.key, key)).get();
			const blocked = row?.blockedUntil != null && row.blockedUntil > now;
			const forgotten = row != null && !blocked && now.getTime() - row.updatedAt.getTime() >= policy.forgetAfterMs;
			const failures = (row && !forgotten ? row.failures : 0) + 1;
			const wait = blockDurationMs(failures, policy.maxFailures);
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
