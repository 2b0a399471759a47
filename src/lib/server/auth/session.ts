import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, ne, sql } from 'drizzle-orm';
import { db, prepare, prepared, type Executor } from '../db/index.ts';
import { sessions, users, type Role } from '../db/schema.ts';
import { first } from '../db/dialect.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a session lives without use. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** Sessions with less than this left are extended, so active users are not signed out mid-month. */
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;

export const SESSION_COOKIE = 'session';

/** The user fields safe to hand to pages and handlers (never the password hash). */
export interface SessionUser {
	id: number;
	role: Role;
	name: string;
	username: string;
	householdId: number | null;
	townshipId: number | null;
	mustChangePassword: boolean;
	locale: string;
}

export interface Session {
	id: string;
	userId: number;
	expiresAt: Date;
	userAgent: string | null;
}

/** `renewed`: the expiry moved, so the cookie must be sent again (it is sent only then, and at sign-in). */
export type SessionValidationResult =
	{ session: Session; user: SessionUser; renewed: boolean } | { session: null; user: null; renewed?: undefined };

/** A new random session token for the cookie: 20 bytes (160 bits) in lowercase base32. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/**
 * The session id stored for a token: its SHA-256 in hex. Only the hash is kept, so a leaked
 * database (or backup) does not hand out working cookies.
 */
export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Stores a session for `token` belonging to `userId`, valid for 30 days from `now`. */
export async function createSession(
	token: string,
	userId: number,
	userAgent?: string | null,
	now = new Date()
): Promise<Session> {
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
		userAgent: userAgent ?? null
	};
	await db.insert(sessions).values(session);
	return session;
}

// Run with every request that has a cookie: prepared once per connection (see `prepared`).
const sessionById = prepared((database) =>
	prepare(
		database
			.select({
				session: sessions,
				user: {
					id: users.id,
					role: users.role,
					name: users.name,
					username: users.username,
					householdId: users.householdId,
					townshipId: users.townshipId,
					mustChangePassword: users.mustChangePassword,
					locale: users.locale,
					disabledAt: users.disabledAt
				}
			})
			.from(sessions)
			.innerJoin(users, eq(sessions.userId, users.id))
			.where(eq(sessions.id, sql.placeholder('id'))),
		'auth/session.sessionById'
	)
);

/**
 * Looks up the session for a cookie token. Expired sessions are deleted; sessions of disabled
 * users are refused; sessions close to expiry are extended to 30 days from `now`.
 */
export async function validateSessionToken(token: string, now = new Date()): Promise<SessionValidationResult> {
	const id = sessionIdFromToken(token);
	const row = await first(sessionById(db).execute({ id }));
	if (!row) return { session: null, user: null };

	if (now.getTime() >= row.session.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return { session: null, user: null };
	}
	// Checked on every request so that disabling an account takes effect at once, even for open sessions.
	if (row.user.disabledAt) return { session: null, user: null };

	const session: Session = {
		id: row.session.id,
		userId: row.session.userId,
		expiresAt: row.session.expiresAt,
		userAgent: row.session.userAgent
	};
	const renewed = session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS;
	if (renewed) {
		session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
	}
	const { id: userId, role, name, username, householdId, townshipId, mustChangePassword, locale } = row.user;
	return {
		session,
		user: { id: userId, role, name, username, householdId, townshipId, mustChangePassword, locale },
		renewed
	};
}

/** Deletes one session (sign-out). */
export async function invalidateSession(sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Deletes every session of a user, except optionally the current one, so that a password change
 * or reset signs out other devices without signing out the person making it.
 */
export async function invalidateUserSessions(
	userId: number,
	exceptSessionId?: string,
	database: Executor = db
): Promise<void> {
	const where = exceptSessionId
		? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
		: eq(sessions.userId, userId);
	await database.delete(sessions).where(where);
}

/**
 * Cookie options for the session cookie. `httpOnly` keeps scripts from reading it; `lax` still
 * sends it on ordinary links into the app but not on cross-site form posts.
 */
export function sessionCookieOptions(
	expiresAt: Date,
	secure: boolean
): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; expires: Date } {
	return { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt };
}
