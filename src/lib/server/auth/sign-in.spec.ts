import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { users } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import { MAX_ACCOUNT_FAILURES, MAX_ADDRESS_FAILURES, MAX_FAILURES, unlockAccount } from './rate-limit.ts';
import { oneTimeCodeFields, signIn } from './sign-in.ts';
import { validateSessionToken } from './session.ts';
import { first } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	env = await useFreshDatabase();
	await env.db.insert(users).values([
		{
			role: 'learner',
			name: '王芳',
			username: '13800000001',
			phone: '13800000001',
			passwordHash: await hashPassword('246810')
		},
		{ role: 'learner', name: '李强', username: '20001234', passwordHash: null },
		{
			role: 'staff',
			name: '赵敏',
			username: 'zhaomin',
			passwordHash: await hashPassword('long-enough-pass'),
			disabledAt: new Date()
		}
	]);
});
afterEach(() => env.cleanup());

describe('signIn', () => {
	it('signs in with the phone number and makes a working session', async () => {
		const result = await signIn('13800000001', '246810', '10.0.0.1', 'test');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect((await validateSessionToken(result.token)).user?.name).toBe('王芳');
	});

	it('gives the same answer for a wrong password, an unknown account, no password yet and a disabled account', async () => {
		const answers = await Promise.all([
			signIn('13800000001', 'wrong!', '10.0.0.2', null),
			signIn('nobody', 'whatever', '10.0.0.3', null),
			signIn('20001234', '', '10.0.0.4', null),
			signIn('zhaomin', 'long-enough-pass', '10.0.0.5', null)
		]);
		expect(answers).toEqual(Array(4).fill({ ok: false, reason: 'invalid', slowed: false }));
	});

	it('locks an account after repeated failures only at the address they came from', async () => {
		for (let i = 0; i < MAX_FAILURES; i++) await signIn('13800000001', 'wrong', '10.1.0.1', null);
		const blocked = await signIn('13800000001', '246810', '10.1.0.1', null);
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		if (!blocked.ok && blocked.reason === 'rate_limited') expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
		// The learner on her own phone is not locked out by a stranger's five guesses.
		expect((await signIn('13800000001', '246810', '10.9.9.9', null)).ok).toBe(true);
	});

	it('keeps a softer limit for an account tried from many addresses, which staff can lift', async () => {
		for (let i = 0; i < MAX_ACCOUNT_FAILURES; i++)
			await signIn('13800000001', 'wrong', `10.3.${i >> 8}.${i & 255}`, null);
		expect(await signIn('13800000001', '246810', '10.9.9.9', null)).toMatchObject({ reason: 'rate_limited' });
		const id = (await first(env.db.select().from(users).where(eq(users.username, '13800000001'))))!.id;
		await unlockAccount(['13800000001'], id);
		expect((await signIn('13800000001', '246810', '10.9.9.9', null)).ok).toBe(true);
	});

	it('lets a right password in from a blocked address, slowly; a wrong one is still refused', async () => {
		for (let i = 0; i < MAX_ADDRESS_FAILURES; i++) await signIn(`guess${i}`, 'wrong', '10.2.0.1', null);
		// The waits are recorded, not timed: a busy machine makes any time bound a coin toss.
		const waits: number[] = [];
		const slowly = { slowPathMs: 150, wait: async (ms: number) => void waits.push(ms) };
		expect((await signIn('13800000001', '246810', '10.2.0.1', null, new Date(), slowly)).ok).toBe(true);
		expect(waits).toEqual([150]);
		expect(await signIn('13800000001', 'wrong', '10.2.0.1', null, new Date(), slowly)).toEqual({
			ok: false,
			reason: 'invalid',
			slowed: true
		});
		expect(waits).toEqual([150, 150]);
		// Another address is not slowed.
		expect((await signIn('13800000001', '246810', '10.2.0.2', null, new Date(), slowly)).ok).toBe(true);
		expect(waits).toEqual([150, 150]);
	});
});

describe('one-time sign-in codes', () => {
	const t0 = new Date('2026-03-01T08:00:00Z');
	const hours = (h: number) => new Date(t0.getTime() + h * 3600_000);
	async function giveCode(code: string) {
		await env.db
			.update(users)
			.set({ passwordHash: await hashPassword(code), ...oneTimeCodeFields(t0) })
			.where(eq(users.username, '20001234'));
	}

	it('works once, for a session that must set a password', async () => {
		await giveCode('135790');
		const first = await signIn('20001234', '135790', '10.4.0.1', null, hours(1));
		expect(first).toMatchObject({ ok: true, mustChangePassword: true });
		expect(await signIn('20001234', '135790', '10.4.0.1', null, hours(2))).toEqual({
			ok: false,
			reason: 'code_expired'
		});
	});

	it('stops working after 72 hours', async () => {
		await giveCode('135790');
		expect(await signIn('20001234', '135790', '10.4.0.2', null, hours(72))).toEqual({
			ok: false,
			reason: 'code_expired'
		});
		// Only the person who knows the code learns that it expired.
		expect(await signIn('20001234', '000000', '10.4.0.3', null, hours(72))).toMatchObject({ reason: 'invalid' });
	});

	it('lets only one of two sign-ins at the same moment in', async () => {
		await giveCode('135790');
		const both = await Promise.all([
			signIn('20001234', '135790', '10.4.0.4', null, hours(1)),
			signIn('20001234', '135790', '10.4.0.5', null, hours(1))
		]);
		expect(both.filter((r) => r.ok)).toHaveLength(1);
	});
});

describe('learners waiting for approval', () => {
	it('are told so only when the password is right', async () => {
		await env.db.update(users).set({ awaitingApproval: true }).where(eq(users.username, '13800000001'));
		expect(await signIn('13800000001', '246810', '10.5.0.1', null)).toEqual({ ok: false, reason: 'awaiting_approval' });
		expect(await signIn('13800000001', 'wrong!', '10.5.0.1', null)).toMatchObject({ reason: 'invalid' });
	});
});
