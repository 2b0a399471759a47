import { eq, or } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { users, type Role } from '../db/schema.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkSignIn, recordFailure, recordSuccess } from './rate-limit.ts';
import { createSession, generateSessionToken, type Session } from './session.ts';

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
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

// Verified against when the account does not exist, so a miss costs as long as a wrong password
// and the response time does not tell which accounts exist.
let decoyHash: Promise<string> | undefined;
function decoy(): Promise<string> {
	decoyHash ??= hashPassword('decoy-password-never-used');
	return decoyHash;
}

/** The rate-limit keys of one attempt: the account name and the client address. */
export function signInKeys(identifier: string, clientAddress: string): string[] {
	return [`account:${identifier.trim().toLowerCase()}`, `ip:${clientAddress}`];
}

/**
 * Checks a sign-in by username or phone number. Disabled accounts, unknown accounts, accounts
 * without a password yet and wrong passwords all give the same answer.
 */
export async function signIn(
	identifier: string,
	password: string,
	clientAddress: string,
	userAgent: string | null,
	now = new Date()
): Promise<SignInResult> {
	const keys = signInKeys(identifier, clientAddress);
	const limit = checkSignIn(keys, now);
	if (!limit.allowed) return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };

	const name = identifier.trim();
	const user = name
		? db
				.select({
					id: users.id,
					role: users.role,
					passwordHash: users.passwordHash,
					disabledAt: users.disabledAt,
					mustChangePassword: users.mustChangePassword,
					locale: users.locale
				})
				.from(users)
				.where(or(eq(users.username, name), eq(users.phone, name)))
				.get()
		: undefined;
	const matches = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
	if (!user || !user.passwordHash || user.disabledAt || !matches) {
		recordFailure(keys, now);
		return { ok: false, reason: 'invalid' };
	}
	recordSuccess([keys[0]]);
	const token = generateSessionToken();
	const session = createSession(token, user.id, userAgent, now);
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
