import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.ts';
import { MAX_CODE_FAILURES } from '../auth/rate-limit.ts';
import { signIn } from '../auth/sign-in.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { users, villages } from '../db/schema.ts';
import { createEnrolmentCode } from './codes.ts';
import { approveLearner, listAwaitingApproval } from './learner-access.ts';
import { registerLearner } from './sign-up.ts';
import { seedCounty } from './test-helpers.ts';
import { first } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let ids: Awaited<ReturnType<typeof seedCounty>>;
let code: string;
/** The passwords hashed so far: hashing is the expensive step that refused attempts must never reach. */
let hashed: string[];
const hash = (password: string) => {
	hashed.push(password);
	return hashPassword(password);
};
beforeEach(async () => {
	env = await useFreshDatabase();
	ids = await seedCounty(env.db);
	const village = (await first(env.db.select().from(villages).where(eq(villages.code, '532530101202'))))!;
	code = (await createEnrolmentCode(
		{ id: ids.staff, townshipId: ids.jinhe },
		{ villageId: village.id, days: 7, maxUses: 50 }
	))!.code;
	hashed = [];
});
afterEach(() => env.cleanup());

const person = { name: '杨春花', householdCode: '', householdHead: '杨永福', phone: '', password: '864213' };
const register = (input: Partial<typeof person> & { code?: string }, address = '192.0.2.10') =>
	registerLearner({ ...person, code, ...input }, address, new Date(), hash);

describe('registerLearner', () => {
	it('checks the code, the household and the phone before hashing any password', async () => {
		expect(await register({ code: 'WRONGCOD' })).toMatchObject({ ok: false, error: 'error_code_invalid' });
		expect(await register({ householdCode: '532530101201001' })).toMatchObject({ error: 'error_register_refused' });
		expect(hashed).toEqual([]);
		expect(await register({ phone: '13712345678' })).toMatchObject({ ok: true });
		expect(await register({ phone: '13712345678' })).toMatchObject({ error: 'error_register_refused' });
		expect(hashed).toEqual(['864213']);
	});

	it('gives the same answer for a registered phone as for an unknown household', async () => {
		await register({ phone: '13712345678' });
		const taken = await register({ phone: '13712345678' });
		const unknown = await register({ householdCode: '532530101202999' });
		expect(taken).toEqual(unknown);
	});

	it('counts every refused attempt per code, whatever the address', async () => {
		for (let i = 0; i < MAX_CODE_FAILURES; i++) {
			await register({ householdCode: `5325301012029${String(i).padStart(2, '0')}` }, `198.51.100.${i}`);
		}
		expect(await register({}, '203.0.113.1')).toMatchObject({ ok: false, error: 'register_rate_limited' });
		expect(hashed).toEqual([]);
	});

	it('counts every refused attempt per address, whatever the code', async () => {
		for (let i = 0; i < 50; i++) await register({ code: `WRONG${String(i).padStart(3, '0')}` });
		expect(await register({})).toMatchObject({ ok: false, error: 'register_rate_limited' });
		expect((await register({}, '192.0.2.11')).ok).toBe(true);
	});

	it('lets someone who joins an existing household sign in only after staff of that township approve', async () => {
		const result = await register({ householdCode: '532530101202003', phone: '13712345670' });
		expect(result).toMatchObject({ ok: true, awaitingApproval: true });
		if (!result.ok) return;
		expect(await signIn('13712345670', '864213', '192.0.2.20', null)).toEqual({
			ok: false,
			reason: 'awaiting_approval'
		});
		expect(await listAwaitingApproval(ids.tongchang)).toEqual([]);
		expect((await listAwaitingApproval(ids.jinhe)).map((l) => l.id)).toEqual([result.userId]);
		await expect(approveLearner(ids.otherStaff, ids.tongchang, result.userId)).rejects.toThrow();
		await approveLearner(ids.staff, ids.jinhe, result.userId);
		expect((await first(env.db.select().from(users).where(eq(users.id, result.userId))))!.awaitingApproval).toBe(false);
		expect((await signIn('13712345670', '864213', '192.0.2.20', null)).ok).toBe(true);
	});

	it('lets someone who starts a new household sign in at once', async () => {
		expect(await register({ phone: '13712345671' })).toMatchObject({ ok: true, awaitingApproval: false });
		expect((await signIn('13712345671', '864213', '192.0.2.21', null)).ok).toBe(true);
	});
});
