import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rawRows } from '../db/dialect.ts';
import { sessions, users } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	invalidateUserSessions,
	sessionCookieOptions,
	sessionIdFromToken,
	validateSessionToken
} from './session.ts';
import { first, one } from '../db/dialect.ts';

const DAY = 24 * 60 * 60 * 1000;

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let userId: number;
beforeEach(async () => {
	fresh = await useFreshDatabase();
	userId = await addUser('learner1');
});
afterEach(() => fresh.cleanup());

async function addUser(username: string): Promise<number> {
	return (
		await one(
			fresh.db
				.insert(users)
				.values({ role: 'learner', username, name: '李四', passwordHash: 'not-a-real-hash' })
				.returning({ id: users.id })
		)
	).id;
}

describe('session tokens', () => {
	it('are random lowercase base32 of 20 bytes', () => {
		const a = generateSessionToken();
		expect(a).toMatch(/^[a-z2-7]{32}$/);
		expect(generateSessionToken()).not.toBe(a);
	});

	it('are stored only as their SHA-256', async () => {
		const token = generateSessionToken();
		const session = await createSession(token, userId, 'test agent');
		expect(session.id).toMatch(/^[0-9a-f]{64}$/);
		expect(session.id).toBe(sessionIdFromToken(token));
		const rows = await fresh.db.select().from(sessions);
		expect(rows).toHaveLength(1);
		expect(rows[0].id).toBe(session.id);
		expect(rows[0].userAgent).toBe('test agent');
		expect(JSON.stringify(rows)).not.toContain(token);
		const file = await rawRows(fresh.db, sql`select * from sessions`);
		expect(JSON.stringify(file)).not.toContain(token);
	});
});

describe('validateSessionToken', () => {
	it('returns the session and a safe user for a valid token', async () => {
		const token = generateSessionToken();
		await createSession(token, userId);
		const result = await validateSessionToken(token);
		expect(result.session?.userId).toBe(userId);
		expect(result.user).toEqual({
			id: userId,
			role: 'learner',
			name: '李四',
			username: 'learner1',
			householdId: null,
			townshipId: null,
			mustChangePassword: false,
			locale: 'zh-CN'
		});
		expect(result.user).not.toHaveProperty('passwordHash');
		expect(result.user).not.toHaveProperty('disabledAt');
	});

	it('refuses an unknown token', async () => {
		await createSession(generateSessionToken(), userId);
		expect(await validateSessionToken(generateSessionToken())).toEqual({ session: null, user: null });
	});

	it('deletes an expired session', async () => {
		const now = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		await createSession(token, userId, null, now);
		expect(await validateSessionToken(token, new Date(now.getTime() + 30 * DAY + 1))).toEqual({
			session: null,
			user: null
		});
		expect(await fresh.db.select().from(sessions)).toHaveLength(0);
	});

	it('renews a session with fewer than 15 days left', async () => {
		const now = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		await createSession(token, userId, null, now);
		const later = new Date(now.getTime() + 16 * DAY);
		const result = await validateSessionToken(token, later);
		expect(result.session?.expiresAt.getTime()).toBe(later.getTime() + 30 * DAY);
		expect(result.renewed).toBe(true);
		const stored = await first(fresh.db.select().from(sessions).limit(1));
		expect(stored?.expiresAt.getTime()).toBe(later.getTime() + 30 * DAY);
	});

	it('does not renew a session with more than 15 days left', async () => {
		const now = new Date('2026-01-01T00:00:00Z');
		const token = generateSessionToken();
		const created = await createSession(token, userId, null, now);
		const result = await validateSessionToken(token, new Date(now.getTime() + 10 * DAY));
		expect(result.session?.expiresAt.getTime()).toBe(created.expiresAt.getTime());
		expect(result.renewed).toBe(false);
		expect((await first(fresh.db.select().from(sessions).limit(1)))?.expiresAt.getTime()).toBe(
			created.expiresAt.getTime()
		);
	});

	it('refuses a disabled user', async () => {
		const token = generateSessionToken();
		await createSession(token, userId);
		await fresh.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
		expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
	});
});

describe('invalidation', () => {
	it('invalidateSession removes one session', async () => {
		const token = generateSessionToken();
		const session = await createSession(token, userId);
		await invalidateSession(session.id);
		expect((await validateSessionToken(token)).session).toBeNull();
	});

	it('invalidateUserSessions removes all of one user, optionally keeping one, and no one else', async () => {
		const other = await addUser('learner2');
		const tokens = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
		const mine = [];
		for (const t of tokens) mine.push(await createSession(t, userId));
		const otherToken = generateSessionToken();
		await createSession(otherToken, other);

		await invalidateUserSessions(userId, mine[0].id);
		expect((await validateSessionToken(tokens[0])).session).not.toBeNull();
		expect((await validateSessionToken(tokens[1])).session).toBeNull();
		expect((await validateSessionToken(tokens[2])).session).toBeNull();

		await invalidateUserSessions(userId);
		expect((await validateSessionToken(tokens[0])).session).toBeNull();
		expect((await validateSessionToken(otherToken)).user?.username).toBe('learner2');
	});
});

describe('sessionCookieOptions', () => {
	it('makes an http-only, lax, site-wide cookie', () => {
		const expires = new Date('2026-02-01T00:00:00Z');
		expect(sessionCookieOptions(expires, true)).toEqual({
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			path: '/',
			expires
		});
		expect(sessionCookieOptions(expires, false).secure).toBe(false);
	});
});
