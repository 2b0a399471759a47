import { and, eq, isNull, or } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { users, type Role } from '../db/schema.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkSignIn, recordFailure, recordSuccess } from './rate-limit.ts';
import { createSession, generateSessionToken, type Session } from './session.ts';
import { affectedRows, first } from '../db/dialect.ts';

export type SignInResult =
	| {
			ok: true;
			token: string;
			session: Session;
			userId: number;
			role: Role;
			mustChangePassword: boolean;
			locale: string;
	  }
	/** `slowed`: the address was blocked, so the answer came only after SLOW_PATH_MS. */
	| { ok: false; reason: 'invalid'; slowed: boolean }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number }
	/** The right one-time code, but it is past its time or was used already. */
	| { ok: false; reason: 'code_expired' }
	/** The right password of a learner who asked to join a household and waits for staff to approve. */
	| { ok: false; reason: 'awaiting_approval' };

/**
 * How long a sign-in from a blocked address waits before its password is checked. A blocked address may be a
 * whole village behind one carrier address, so a right password still gets in; guessing from it is slow.
 */
export const SLOW_PATH_MS = 3000;

// Verified against when the account does not exist, so a miss costs as long as a wrong password
// and the response time does not tell which accounts exist.
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
	decoyHash ??= hashPassword('decoy-password-never-used');
	return decoyHash;
}

/**
 * The rate-limit keys of one attempt: the account at this address (locked after a few failures), the account
 * from anywhere (a softer daily limit) and the address (many accounts from one place).
 */
export function signInKeys(
	identifier: string,
	clientAddress: string
): { pair: string; account: string; address: string } {
	const account = identifier.trim().toLowerCase();
	return {
		pair: `account-ip:${account}|${clientAddress}`,
		account: `account:${account}`,
		address: `ip:${clientAddress}`
	};
}

/** How long a one-time sign-in code (a learner's code from staff, a worker's temporary password) works. */
export const SIGN_IN_CODE_LIFETIME_MS = 72 * 60 * 60 * 1000;

/** The user fields that make `passwordHash` a one-time code: it works once, within 72 hours, to set a password. */
export function oneTimeCodeFields(now = new Date()): {
	mustChangePassword: true;
	signInCodeExpiresAt: Date;
	signInCodeUsedAt: null;
} {
	return {
		mustChangePassword: true,
		signInCodeExpiresAt: new Date(now.getTime() + SIGN_IN_CODE_LIFETIME_MS),
		signInCodeUsedAt: null
	};
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Checks a sign-in by username or phone number. Disabled accounts, unknown accounts, accounts
 * without a password yet and wrong passwords all give the same answer; what is wrong with a right
 * password (an old one-time code, an account waiting for approval) is told only to whoever knows it.
 */
export async function signIn(
	identifier: string,
	password: string,
	clientAddress: string,
	userAgent: string | null,
	now = new Date(),
	{ slowPathMs = SLOW_PATH_MS, wait = sleep }: { slowPathMs?: number; wait?: (ms: number) => Promise<unknown> } = {}
): Promise<SignInResult> {
	const keys = signInKeys(identifier, clientAddress);
	const limit = await checkSignIn([keys.pair, keys.account], now);
	if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
	const slowed = !(await checkSignIn([keys.address], now)).allowed;
	if (slowed) await wait(slowPathMs);

	const name = identifier.trim();
	const user = name
		? await first(
				db
					.select({
						id: users.id,
						role: users.role,
						passwordHash: users.passwordHash,
						disabledAt: users.disabledAt,
						mustChangePassword: users.mustChangePassword,
						signInCodeExpiresAt: users.signInCodeExpiresAt,
						signInCodeUsedAt: users.signInCodeUsedAt,
						awaitingApproval: users.awaitingApproval,
						locale: users.locale
					})
					.from(users)
					.where(or(eq(users.username, name), eq(users.phone, name)))
			)
		: undefined;
	const matches = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
	if (!user || !user.passwordHash || user.disabledAt || !matches) {
		await recordFailure([keys.pair, keys.account, keys.address], now);
		return { ok: false, reason: 'invalid', slowed };
	}
	// Only this address's lock is lifted: failures from elsewhere still count towards the account's daily limit.
	await recordSuccess([keys.pair]);
	const code = user.signInCodeExpiresAt;
	if (code && (user.signInCodeUsedAt || now.getTime() >= code.getTime())) return { ok: false, reason: 'code_expired' };
	if (user.awaitingApproval) return { ok: false, reason: 'awaiting_approval' };

	if (code) {
		// A one-time code makes one session, which can only set a password (mustChangePassword). Marked used only
		// if no other sign-in did so while this one was checking the hash: two at once cannot both get in.
		const claimed = await db
			.update(users)
			.set({ signInCodeUsedAt: now })
			.where(and(eq(users.id, user.id), isNull(users.signInCodeUsedAt)));
		if (affectedRows(claimed) !== 1) return { ok: false, reason: 'code_expired' };
	}
	const token = generateSessionToken();
	const session = await createSession(token, user.id, userAgent, now);
	return {
		ok: true,
		token,
		session,
		userId: user.id,
		role: user.role,
		mustChangePassword: user.mustChangePassword,
		locale: user.locale
	};
}
