import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { verifyPassword } from '../auth/password.ts';
import { createSession, generateSessionToken } from '../auth/session.ts';
import { auditLog, sessions, users, villages } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { addHousehold } from './households.ts';
import { issueSignInCode, setLearnerDisabled } from './learner-access.ts';
import { addLearner, getLearnerInTownship, listLearners } from './learners.ts';
import { householdId, seedCounty } from './test-helpers.ts';
import { first } from '../db/dialect.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let c: Awaited<ReturnType<typeof seedCounty>>;
let maandi: number;
let xinan: number;
beforeEach(async () => {
	fresh = await useFreshDatabase();
	c = await seedCounty(fresh.db);
	const village = async (code: string) =>
		(await first(fresh.db.select().from(villages).where(eq(villages.code, code))))!.id;
	maandi = await village('532530101201');
	xinan = await village('532530102201');
});
afterEach(() => fresh.cleanup());

async function actions(action: string) {
	return await fresh.db.select().from(auditLog).where(eq(auditLog.action, action));
}

async function learner(input: { householdCode: string; name: string; phone?: string }) {
	const result = await addLearner(c.staff, c.jinhe, {
		householdId: await householdId(fresh.db, input.householdCode),
		...input
	});
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result;
}

describe('addHousehold', () => {
	it('adds a household to a village of the township, with an audit entry', async () => {
		const result = await addHousehold(c.staff, c.jinhe, { villageId: String(maandi), code: ' H-1 ', headName: '李四' });
		expect(result).toMatchObject({ ok: true });
		expect(await actions('household_added')).toHaveLength(1);
	});

	it('refuses a village of another township, a taken code and missing fields', async () => {
		expect(await addHousehold(c.staff, c.jinhe, { villageId: xinan, code: 'H-2', headName: '李四' })).toEqual({
			ok: false,
			errors: { villageId: 'enrol_village_not_found' }
		});
		expect(
			await addHousehold(c.staff, c.jinhe, { villageId: maandi, code: '532530102201001', headName: '李四' })
		).toEqual({
			ok: false,
			errors: { code: 'enrol_household_code_taken' }
		});
		expect(await addHousehold(c.staff, c.jinhe, { villageId: 'x', code: '', headName: ' ' })).toEqual({
			ok: false,
			errors: {
				villageId: 'enrol_village_not_found',
				code: 'enrol_household_code_required',
				headName: 'enrol_head_required'
			}
		});
	});
});

describe('addLearner', () => {
	it('uses the phone as username, else 8 random digits; no credential yet', async () => {
		const withPhone = await learner({ householdCode: '532530101201001', name: '李四', phone: '138 1234 5678' });
		expect(withPhone.username).toBe('13812345678');
		const without = await learner({ householdCode: '532530101201001', name: '王五' });
		expect(without.username).toMatch(/^[1-9]\d{7}$/);
		const row = await first(fresh.db.select().from(users).where(eq(users.id, without.userId)));
		expect(row).toMatchObject({ passwordHash: null, mustChangePassword: true, townshipId: c.jinhe, phone: null });
		expect(await actions('learner_added')).toHaveLength(2);
	});

	it('stores names in their usual form and refuses control and bidirectional characters', async () => {
		const added = await learner({ householdCode: '532530101201001', name: ' ＬＩ　 Ｓｉ ' });
		expect((await first(fresh.db.select().from(users).where(eq(users.id, added.userId))))?.name).toBe('LI Si');
		const household = await householdId(fresh.db, '532530101201001');
		for (const name of ['\u202E四李', '李\u200B四', '李\u0000四', '李\n四']) {
			expect(await addLearner(c.staff, c.jinhe, { householdId: household, name })).toEqual({
				ok: false,
				errors: { name: 'error_name_characters' }
			});
		}
		expect(await addHousehold(c.staff, c.jinhe, { villageId: maandi, code: 'H-9', headName: '王\u2066五' })).toEqual({
			ok: false,
			errors: { headName: 'error_name_characters' }
		});
	});

	it('refuses a household of another township and bad or taken phone and ID numbers', async () => {
		const other = await householdId(fresh.db, '532530102201001');
		expect(await addLearner(c.staff, c.jinhe, { householdId: other, name: '李四' })).toEqual({
			ok: false,
			errors: { householdId: 'enrol_household_not_found' }
		});
		const own = await householdId(fresh.db, '532530101201001');
		expect(await addLearner(c.staff, c.jinhe, { householdId: own, name: '', phone: '123', idNumber: '123' })).toEqual({
			ok: false,
			errors: { name: 'enrol_name_required', phone: 'enrol_phone_invalid', idNumber: 'enrol_id_invalid' }
		});
		await learner({ householdCode: '532530101201001', name: '李四', phone: '13812345678' });
		await fresh.db.update(users).set({ idNumber: '11010519491231002X' }).where(eq(users.phone, '13812345678'));
		expect(
			await addLearner(c.staff, c.jinhe, {
				householdId: own,
				name: '王五',
				phone: '13812345678',
				idNumber: '11010519491231002x'
			})
		).toEqual({ ok: false, errors: { phone: 'enrol_phone_taken', idNumber: 'enrol_id_taken' } });
	});
});

describe('listLearners and getLearnerInTownship', () => {
	beforeEach(async () => {
		await learner({ householdCode: '532530101201001', name: '测试甲', phone: '13812345678' });
		await learner({ householdCode: '532530101202001', name: '测试乙' });
		await addLearner(c.otherStaff, c.tongchang, {
			householdId: await householdId(fresh.db, '532530102201001'),
			name: '测试丙'
		});
	});

	it('list only learners of the township, never the password hash', async () => {
		const { total, learners } = await listLearners(c.jinhe, { q: '测试', limit: 50, offset: 0 });
		expect(total).toBe(2);
		expect(learners.map((l) => l.name).sort()).toEqual(['测试乙', '测试甲']);
		expect(Object.keys(learners[0])).not.toContain('passwordHash');
		expect(learners.every((l) => l.hasCredential === false && l.disabled === false)).toBe(true);
		const all = await listLearners(c.jinhe, { limit: 200, offset: 0 });
		expect(all.learners.every((l) => l.villageName !== '新安村')).toBe(true);
		expect(all.learners.some((l) => l.username === 'test-staff-jinhe')).toBe(false);
	});

	it('pages past the end, or with a page number too large for SQLite, give an empty page instead of an error', async () => {
		// ?page=1e308 made offset Infinity, and SQLite refuses a LIMIT or OFFSET that is not whole ("datatype mismatch").
		for (const offset of [Infinity, 5e21, NaN, 1.5, -3]) {
			const page = await listLearners(c.jinhe, { q: '测试', limit: 50, offset });
			expect(page.total).toBe(2);
			expect(page.learners.length).toBe(offset === 1.5 ? 1 : offset > 1 ? 0 : 2);
		}
		for (const limit of [Infinity, NaN, 1.5, -1]) {
			expect((await listLearners(c.jinhe, { q: '测试', limit, offset: 0 })).learners.length).toBeGreaterThan(0);
		}
	});

	it('search by phone, username and household code; filter by village; page', async () => {
		const names = async (q: string, villageId?: number) =>
			(await listLearners(c.jinhe, { q, villageId, limit: 50, offset: 0 })).learners.map((l) => l.name);
		expect(await names('1381234')).toEqual(['测试甲']);
		expect(await names('532530101202001')).toContain('测试乙');
		expect(await names('测试', maandi)).toEqual(['测试甲']);
		expect(await names('%')).toEqual([]);
		const all = await listLearners(c.jinhe, { limit: 200, offset: 0 });
		const page = await listLearners(c.jinhe, { limit: 5, offset: 5 });
		expect(page.total).toBe(all.total);
		expect(page.learners).toEqual(all.learners.slice(5, 10));
	});

	it('keep to the given learners (the needs-help filter), with search and paging, and only of the township', async () => {
		const ids = async (q: string) =>
			(await listLearners(c.jinhe, { q, limit: 50, offset: 0 })).learners.map((l) => l.id);
		const [jia] = await ids('测试甲');
		const [bing] = (await listLearners(c.tongchang, { q: '测试丙', limit: 1, offset: 0 })).learners.map((l) => l.id);
		const only = (q: string, onlyIds: number[], offset = 0) => listLearners(c.jinhe, { q, onlyIds, limit: 1, offset });
		expect(await only('', [jia, bing])).toMatchObject({ total: 1, learners: [{ name: '测试甲' }] });
		expect(await only('测试乙', [jia])).toEqual({ total: 0, learners: [] });
		expect(await only('', [])).toEqual({ total: 0, learners: [] });
		const [yi] = await ids('测试乙');
		expect((await only('测试', [jia, yi])).total).toBe(2);
		expect((await only('测试', [jia, yi], 1)).learners.map((l) => l.name)).toEqual(['测试甲']);
	});

	it('get a learner only from their own township, and never a staff member', async () => {
		const [own] = (await listLearners(c.jinhe, { q: '测试甲', limit: 1, offset: 0 })).learners;
		const [other] = (await listLearners(c.tongchang, { q: '测试丙', limit: 1, offset: 0 })).learners;
		expect((await getLearnerInTownship(c.jinhe, own.id))?.name).toBe('测试甲');
		expect(await getLearnerInTownship(c.jinhe, other.id)).toBeNull();
		expect(await getLearnerInTownship(c.jinhe, c.staff)).toBeNull();
	});
});

describe('issueSignInCode and setLearnerDisabled', () => {
	let userId: number;
	let otherId: number;
	beforeEach(async () => {
		userId = (await learner({ householdCode: '532530101201001', name: '测试甲', phone: '13812345678' })).userId;
		const other = await addLearner(c.otherStaff, c.tongchang, {
			householdId: await householdId(fresh.db, '532530102201001'),
			name: '丙'
		});
		otherId = other.ok ? other.userId : 0;
		await createSession(generateSessionToken(), userId);
	});

	const sessionCount = async (id: number) =>
		(await fresh.db.select().from(sessions).where(eq(sessions.userId, id))).length;

	it('issues a 6-digit code stored as argon2id, signs the learner out and audits', async () => {
		const { code, username } = await issueSignInCode(c.staff, c.jinhe, userId);
		expect(code).toMatch(/^\d{6}$/);
		expect(username).toBe('13812345678');
		const row = (await first(fresh.db.select().from(users).where(eq(users.id, userId))))!;
		expect(row.passwordHash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(row.passwordHash!, code)).toBe(true);
		expect(row.mustChangePassword).toBe(true);
		expect(await sessionCount(userId)).toBe(0);
		expect(await actions('learner_code_issued')).toMatchObject([{ actorId: c.staff, targetId: String(userId) }]);
	});

	it('disables (signing out) and enables again, with audit entries', async () => {
		await setLearnerDisabled(c.staff, c.jinhe, userId, true);
		expect((await first(fresh.db.select().from(users).where(eq(users.id, userId))))!.disabledAt).toBeInstanceOf(Date);
		expect(await sessionCount(userId)).toBe(0);
		await setLearnerDisabled(c.staff, c.jinhe, userId, false);
		expect((await first(fresh.db.select().from(users).where(eq(users.id, userId))))!.disabledAt).toBeNull();
		expect(await actions('learner_disabled')).toHaveLength(1);
		expect(await actions('learner_enabled')).toHaveLength(1);
	});

	it('refuse learners of another township and staff, changing nothing', async () => {
		await createSession(generateSessionToken(), otherId);
		await expect(issueSignInCode(c.staff, c.jinhe, otherId)).rejects.toMatchObject({ key: 'learner_not_found' });
		await expect(issueSignInCode(c.staff, c.jinhe, c.otherStaff)).rejects.toMatchObject({ key: 'learner_not_found' });
		await expect(setLearnerDisabled(c.staff, c.jinhe, otherId, true)).rejects.toThrow(
			expect.objectContaining({ key: 'learner_not_found' })
		);
		const other = (await first(
			fresh.db
				.select()
				.from(users)
				.where(and(eq(users.id, otherId)))
		))!;
		expect(other).toMatchObject({ passwordHash: null, disabledAt: null });
		expect(await sessionCount(otherId)).toBe(1);
		expect(await actions('learner_code_issued')).toHaveLength(0);
	});
});
