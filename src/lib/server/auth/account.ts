import { and, eq, gt } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { sessions, users, type Role } from '../db/schema.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { checkSignIn, recordFailure, recordSuccess } from './rate-limit.ts';
import { invalidateUserSessions } from './session.ts';
import { first } from '../db/dialect.ts';

export type PasswordChangeError =
	| 'error_current_password'
	| 'error_current_password_locked'
	| 'password_too_short_learner'
	| 'password_too_short_staff';

/**
 * Sets a new password and signs the user out everywhere else. The current password is asked for
 * unless the user signed in with a one-time code and must choose a password now. Wrong current passwords
 * count like wrong passwords at sign-in, so a borrowed phone's open session cannot be used to guess it.
 */
export async function changePassword(
	user: { id: number; role: Role; mustChangePassword: boolean },
	currentPassword: string,
	newPassword: string,
	keepSessionId: string,
	now = new Date()
): Promise<
	{ ok: true } | { ok: false; field: 'current' | 'password'; error: PasswordChangeError; retryAfterMinutes?: number }
> {
	if (!user.mustChangePassword) {
		const limitKey = [`password:${user.id}`];
		const limit = await checkSignIn(limitKey, now);
		if (!limit.allowed) {
			const retryAfterMinutes = Math.ceil(limit.retryAfterSeconds / 60);
			return { ok: false, field: 'current', error: 'error_current_password_locked', retryAfterMinutes };
		}
		const row = await first(db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id)));
		if (!row?.hash || !(await verifyPassword(row.hash, currentPassword))) {
			await recordFailure(limitKey, now);
			return { ok: false, field: 'current', error: 'error_current_password' };
		}
		await recordSuccess(limitKey);
	}
	const problem = passwordProblem(user.role, newPassword) as PasswordChangeError | null;
	if (problem) return { ok: false, field: 'password', error: problem };
	const passwordHash = await hashPassword(newPassword);
	await db
		.update(users)
		.set({ passwordHash, mustChangePassword: false, signInCodeExpiresAt: null, signInCodeUsedAt: null })
		.where(eq(users.id, user.id));
	await invalidateUserSessions(user.id, keepSessionId);
	return { ok: true };
}

/** The user's live sessions, newest first, without their ids (which are token hashes). */
export async function listSessions(userId: number, currentSessionId: string, now = new Date()) {
	return (
		await db
			.select({
				id: sessions.id,
				createdAt: sessions.createdAt,
				expiresAt: sessions.expiresAt,
				userAgent: sessions.userAgent
			})
			.from(sessions)
			.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
			.orderBy(sessions.createdAt)
	)
		.reverse()
		.map((s) => ({
			current: s.id === currentSessionId,
			createdAt: s.createdAt,
			expiresAt: s.expiresAt,
			device: describeUserAgent(s.userAgent)
		}));
}

/** A short, human name for a browser's user agent: "WeChat · Android", "Chrome · Android"… */
export function describeUserAgent(ua: string | null): string {
	if (!ua) return '?';
	const app = /MicroMessenger/i.test(ua)
		? 'WeChat'
		: /EdgA?\//.test(ua)
			? 'Edge'
			: /Firefox\//.test(ua)
				? 'Firefox'
				: /Chrome\//.test(ua)
					? 'Chrome'
					: /Safari\//.test(ua)
						? 'Safari'
						: 'Browser';
	const os = /Android/i.test(ua)
		? 'Android'
		: /iPhone|iPad/i.test(ua)
			? 'iOS'
			: /Windows/i.test(ua)
				? 'Windows'
				: /Mac OS/i.test(ua)
					? 'macOS'
					: /Linux/i.test(ua)
						? 'Linux'
						: '';
	return os ? `${app} · ${os}` : app;
}

/** Stores the user's interface language. */
export async function setUserLocale(userId: number, locale: string): Promise<void> {
	await db.update(users).set({ locale }).where(eq(users.id, userId));
}
