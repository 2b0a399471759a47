import { eq, inArray, or, sql } from 'drizzle-orm';
import { db, writeTransaction } from '../db/index.ts';
import { rateLimits } from '../db/schema.ts';
import { first } from '../db/dialect.ts';

interface Policy {
	/** Failures allowed before the key is blocked. */
	maxFailures: number;
	/** A key with no failure for this long, and not blocked, starts again from zero. */
	forgetAfterMs: number;
	/** The first block; each further failure doubles it, up to `maxWaitMs`. */
	baseWaitMs: number;
	maxWaitMs: number;
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * One account tried from one address: five tries, then a wait that doubles; a forgotten PIN does not count
 * against tomorrow. Keyed by account *and* address, so a stranger's five wrong guesses block the stranger,
 * not the learner signing in from their own phone.
 */
const ACCOUNT_AT_ADDRESS: Policy = { maxFailures: 5, forgetAfterMs: DAY_MS, baseWaitMs: 30_000, maxWaitMs: HOUR_MS };
/**
 * One account from anywhere: a softer limit against guessing from many addresses, about fifty a day. It does
 * block the account for everyone, so staff can lift it (unlockSignIn).
 */
const ACCOUNT: Policy = { maxFailures: 50, forgetAfterMs: DAY_MS, baseWaitMs: 15 * MINUTE_MS, maxWaitMs: DAY_MS };
/**
 * A client address. One address is often a whole village: a mobile carrier's shared address, or the township
 * office's Wi-Fi where staff help learners sign in one after another. So it takes many more failures to block
 * one, they are forgotten sooner, and a blocked address only slows a right password down (see signIn).
 */
const ADDRESS: Policy = { maxFailures: 50, forgetAfterMs: HOUR_MS / 4, baseWaitMs: 30_000, maxWaitMs: HOUR_MS };
/** Wrong registration attempts with one code: enough for typing mistakes, too few to probe a village's households. */
const CODE: Policy = { maxFailures: 20, forgetAfterMs: DAY_MS, baseWaitMs: 30_000, maxWaitMs: HOUR_MS };

/** The policy of each kind of key, by its prefix (the part before the first colon). */
const POLICIES: Record<string, Policy> = {
	'account-ip': ACCOUNT_AT_ADDRESS,
	account: ACCOUNT,
	ip: ADDRESS,
	// Wrong current passwords on the password page, per user: the same as guessing at sign-in.
	password: ACCOUNT_AT_ADDRESS,
	'register-ip': ADDRESS,
	'register-code': CODE,
	// Wrong certificate numbers looked up from one address (the verification page is public).
	'verify-ip': ADDRESS
};

export const MAX_FAILURES = ACCOUNT_AT_ADDRESS.maxFailures;
export const MAX_ACCOUNT_FAILURES = ACCOUNT.maxFailures;
export const MAX_ADDRESS_FAILURES = ADDRESS.maxFailures;
export const MAX_CODE_FAILURES = CODE.maxFailures;

const policyOf = (key: string): Policy => POLICIES[key.slice(0, key.indexOf(':'))] ?? ACCOUNT_AT_ADDRESS;

/** The block after the `failures`th failure: 30 s at the limit, doubling each time, at most an hour. */
export function blockDurationMs(failures: number, policy: Policy = ACCOUNT_AT_ADDRESS): number {
	if (failures < policy.maxFailures) return 0;
	// Cap the exponent too, so a long-running attacker cannot overflow to Infinity.
	const doublings = Math.min(failures - policy.maxFailures, 20);
	return Math.min(policy.baseWaitMs * 2 ** doublings, policy.maxWaitMs);
}

/**
 * Whether a sign-in may be tried now for all of `keys` (e.g. the account and the client address);
 * when not, how long the longest block still has to run.
 */
export async function checkSignIn(
	keys: string[],
	now = new Date()
): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
	if (keys.length === 0) return { allowed: true, retryAfterSeconds: 0 };
	const rows = await db.select().from(rateLimits).where(inArray(rateLimits.key, keys));
	let waitMs = 0;
	for (const row of rows) {
		if (row.blockedUntil) waitMs = Math.max(waitMs, row.blockedUntil.getTime() - now.getTime());
	}
	return waitMs > 0
		? { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) }
		: { allowed: true, retryAfterSeconds: 0 };
}

/** Counts a failed sign-in against each key, blocking keys that reached the limit. */
export async function recordFailure(keys: string[], now = new Date()): Promise<void> {
	// One transaction so concurrent failures cannot lose each other's counts.
	await writeTransaction(async (tx) => {
		for (const key of keys) {
			const policy = policyOf(key);
			const row = await first(tx.select().from(rateLimits).where(eq(rateLimits.key, key)));
			const blocked = row?.blockedUntil != null && row.blockedUntil > now;
			const forgotten = row != null && !blocked && now.getTime() - row.updatedAt.getTime() >= policy.forgetAfterMs;
			const failures = (row && !forgotten ? row.failures : 0) + 1;
			const wait = blockDurationMs(failures, policy);
			const blockedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
			await tx
				.insert(rateLimits)
				.values({ key, failures, blockedUntil, updatedAt: now })
				.onConflictDoUpdate({ target: rateLimits.key, set: { failures, blockedUntil, updatedAt: now } });
		}
	});
}

/** Forgets the failures of each key after a successful sign-in. */
export async function recordSuccess(keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	await db.delete(rateLimits).where(inArray(rateLimits.key, keys));
}

/**
 * Lifts every sign-in block of an account (by each name it signs in with) and its password-page block:
 * for staff helping a learner whose account someone else locked.
 */
export async function unlockAccount(
	names: string[],
	userId: number,
	target: Pick<typeof db, 'delete'> = db
): Promise<void> {
	const accounts = names.filter(Boolean).map((n) => n.trim().toLowerCase());
	await target.delete(rateLimits).where(
		or(
			inArray(rateLimits.key, [...accounts.map((a) => `account:${a}`), `password:${userId}`]),
			...accounts.map((a) => {
				// A prefix compared as text: LIKE would read "_" in a username as a wildcard.
				const prefix = `account-ip:${a}|`;
				return sql`substr(${rateLimits.key}, 1, ${prefix.length}) = ${prefix}`;
			})
		)
	);
}
