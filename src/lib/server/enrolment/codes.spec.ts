import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { enrolmentCodes, households, users, villages } from '../db/schema.ts';
import { createEnrolmentCode, normaliseEnrolmentCode, revokeEnrolmentCode } from './codes.ts';
import { registerWithCode } from './registration.ts';
import { seedCounty } from './test-helpers.ts';
import { first } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let ids: Awaited<ReturnType<typeof seedCounty>>;
let village: { id: number; code: string };
beforeEach(async () => {
	env = await useFreshDatabase();
	ids = await seedCounty(env.db);
	village = (await first(env.db.select().from(villages).where(eq(villages.code, '532530101202'))))!;
});
afterEach(() => env.cleanup());

const person = { name: '杨春花', householdCode: '', householdHead: '杨永福', phone: '', passwordHash: 'hash' };

describe('registration codes', () => {
	it('registers into the code’s village, in a new household, and counts the use', async () => {
		const { code } = (await createEnrolmentCode(
			{ id: ids.staff, townshipId: ids.jinhe },
			{ villageId: village.id, days: 7, maxUses: 2 }
		))!;
		const result = await registerWithCode({ ...person, code: `${code.slice(0, 4)}-${code.slice(4).toLowerCase()}` });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.username).toMatch(/^\d{8}$/);
		const user = (await first(env.db.select().from(users).where(eq(users.id, result.userId))))!;
		const household = (await first(env.db.select().from(households).where(eq(households.id, user.householdId!))))!;
		expect(household).toMatchObject({ villageId: village.id, headName: '杨永福' });
		expect(household.code).toMatch(/^532530101202S\d{4}$/);
		expect(user).toMatchObject({ role: 'learner', townshipId: ids.jinhe, mustChangePassword: false });
		expect((await first(env.db.select().from(enrolmentCodes).limit(1)))!.uses).toBe(1);
	});

	it('joins an existing household of that village by its code, and uses the phone as account number', async () => {
		const { code } = (await createEnrolmentCode(
			{ id: ids.staff, townshipId: ids.jinhe },
			{ villageId: village.id, days: 7, maxUses: 2 }
		))!;
		const result = await registerWithCode({ ...person, code, householdCode: '532530101202003', phone: '13712345678' });
		expect(result).toMatchObject({ ok: true, username: '13712345678', awaitingApproval: true });
	});

	it('refuses a household of another village and a taken phone with one answer, and leaves the use uncounted', async () => {
		const { code } = (await createEnrolmentCode(
			{ id: ids.staff, townshipId: ids.jinhe },
			{ villageId: village.id, days: 7, maxUses: 5 }
		))!;
		const refused = { ok: false, field: 'form', error: 'error_register_refused' };
		expect(await registerWithCode({ ...person, code, householdCode: '532530101201001' })).toEqual(refused);
		await registerWithCode({ ...person, code, phone: '13712345678' });
		expect(await registerWithCode({ ...person, code, phone: '13712345678' })).toEqual(refused);
		expect((await first(env.db.select().from(enrolmentCodes).limit(1)))!.uses).toBe(1);
	});

	it('stops working when used up, expired or revoked', async () => {
		const staff = { id: ids.staff, townshipId: ids.jinhe };
		const once = (await createEnrolmentCode(staff, { villageId: village.id, days: 7, maxUses: 1 }))!;
		expect((await registerWithCode({ ...person, code: once.code })).ok).toBe(true);
		expect(await registerWithCode({ ...person, code: once.code })).toMatchObject({
			ok: false,
			error: 'error_code_invalid'
		});

		const old = (await createEnrolmentCode(
			staff,
			{ villageId: village.id, days: 1, maxUses: 9 },
			new Date(Date.now() - 2 * 86_400_000)
		))!;
		expect(await registerWithCode({ ...person, code: old.code })).toMatchObject({
			ok: false,
			error: 'error_code_invalid'
		});

		const revoked = (await createEnrolmentCode(staff, { villageId: village.id, days: 7, maxUses: 9 }))!;
		const row = (await first(env.db.select().from(enrolmentCodes).where(eq(enrolmentCodes.code, revoked.code))))!;
		expect(await revokeEnrolmentCode({ id: ids.otherStaff, townshipId: ids.tongchang }, row.id)).toBe(false);
		expect(await revokeEnrolmentCode(staff, row.id)).toBe(true);
		expect(await registerWithCode({ ...person, code: revoked.code })).toMatchObject({
			ok: false,
			error: 'error_code_invalid'
		});
	});

	it('cannot be made for a village of another township', async () => {
		expect(
			await createEnrolmentCode(
				{ id: ids.otherStaff, townshipId: ids.tongchang },
				{ villageId: village.id, days: 7, maxUses: 1 }
			)
		).toBeNull();
	});

	it('normalises what people type', () => {
		expect(normaliseEnrolmentCode(' abcd-ef gh ')).toBe('ABCDEFGH');
	});
});
