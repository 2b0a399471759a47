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

let fresh: ReturnType<typeof useFreshDatabase>;
let c: ReturnType<typeof seedCounty>;
let maandi: number;
let xinan: number;
beforeEach(() => {
	fresh = useFreshDatabase();
	c = seedCounty(fresh.db);
	const village = (code: string) => fresh.db.select().from(villages).where(eq(villages.code, code)).get()!.id;
	maandi = village('532530101201');
	xinan = village('532530102201');
});
afterEach(() => fresh.cleanup());

function actions(action: string) {
	return fresh.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
}

function learner(input: { householdCode: string; name: string; phone?: string }) {
	const result = addLearner(c.staff, c.jinhe, { householdId: householdId(fresh.db, input.householdCode), ...input });
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result;
}

describe('addHousehold', () => {
	it('adds a household to a village of the township, with an audit entry', () => {
		const result = addHousehold(c.staff, c.jinhe, { villageId: String(maandi), code: ' H-1 ', headName: '李四' });
		expect(result).toMatchObject({ ok: true });
		expect(actions('household_added')).toHaveLength(1);
	});

	it('refuses a village of another township, a taken code and missing fields', () => {
		expect(addHousehold(c.staff, c.jinhe, { villageId: xinan, code: 'H-2', headName: '李四' })).toEqual({
			ok: false,
			errors: { villageId: 'enrol_village_not_found' }
		});
		expect(addHousehold(c.staff, c.jinhe, { villageId: maandi, code: '532530102201001', headName: '李四' })).toEqual({
			ok: false,
			errors: { code: 'enrol_household_code_taken' }
		});
		expect(addHousehold(c.staff, c.jinhe, { villageId: 'x', code: '', headName: ' ' })).toEqual({
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
	it('uses the phone as username, else 8 random digits; no credential yet', () => {
		const withPhone = learner({ householdCode: '532530101201001', name: '李四', phone: '138 1234 5678' });
		expect(withPhone.username).toBe('13812345678');
		const without = learner({ householdCode: '532530101201001', name: '王五' });
		expect(without.username).toMatch(/^[1-9]\d{7}$/);
		const row = fresh.db.select().from(users).where(eq(users.id, without.userId)).get();
		expect(row).toMatchObject({ passwordHash: null, mustChangePassword: true, townshipId: c.jinhe, phone: null });
		expect(actions('learner_added')).toHaveLength(2);
	});

	it('stores names in their usual form and refuses control and bidirectional characters', () => {
		const added = learner({ householdCode: '532530101201001', name: ' ＬＩ　 Ｓｉ ' });
		expect(fresh.db.select().from(users).where(eq(users.id, added.userId)).get()?.name).toBe('LI Si');
		const household = householdId(fresh.db, '532530101201001');
		for (const name of ['\u202E四李', '李\u200B四', '李\u0000四', '李\n四']) {
			expect(addLearner(c.staff, c.jinhe, { householdId: household, name })).toEqual({
				ok: false,
				errors: { name: 'error_name_characters' }
			});
		}
		expect(addHousehold(c.staff, c.jinhe, { villageId: maandi, code: 'H-9', headName: '王\u2066五' })).toEqual({
			ok: false,
			errors: { headName: 'error_name_characters' }
		});
	});

	it('refuses a household of another township and bad or taken phone and ID numbers', () => {
		const other = householdId(fresh.db, '532530102201001');
		expect(addLearner(c.staff, c.jinhe, { householdId: other, name: '李四' })).toEqual({
			ok: false,
			errors: { householdId: 'enrol_household_not_found' }
		});
		const own = householdId(fresh.db, '532530101201001');
		expect(addLearner(c.staff, c.jinhe, { householdId: own, name: '', phone: '123', idNumber: '123' })).toEqual({
			ok: false,
			errors: { name: 'enrol_name_required', phone: 'enrol_phone_invalid', idNumber: 'enrol_id_invalid' }
		});
		learner({ householdCode: '532530101201001', name: '李四', phone: '13812345678' });
		fresh.db.update(users).set({ idNumber: '11010519491231002X' }).where(eq(users.phone, '13812345678')).run();
		expect(
			addLearner(c.staff, c.jinhe, {
				householdId: own,
				name: '王五',
				phone: '13812345678',
				idNumber: '11010519491231002x'
			})
		).toEqual({ ok: false, errors: { phone: 'enrol_phone_taken', idNumber: 'enrol_id_taken' } });
	});
});

describe('listLearners and getLearnerInTownship', () => {
	beforeEach(() => {
		learner({ householdCode: '532530101201001', name: '测试甲', phone: '13812345678' });
		learner({ householdCode: '532530101202001', name: '测试乙' });
		addLearner(c.otherStaff, c.tongchang, { householdId: householdId(fresh.db, '532530102201001'), name: '测试丙' });
	});

	it('list only learners of the township, never the password hash', () => {
		const { total, learners } = listLearners(c.jinhe, { q: '测试', limit: 50, offset: 0 });
		expect(total).toBe(2);
		expect(learners.map((l) => l.name).sort()).toEqual(['测试乙', '测试甲']);
		expect(Object.keys(learners[0])).not.toContain('passwordHash');
		expect(learners.every((l) => l.hasCredential === false && l.disabled === false)).toBe(true);
		const all = listLearners(c.jinhe, { limit: 200, offset: 0 });
		expect(all.learners.every((l) => l.villageName !== '新安村')).toBe(true);
		expect(all.learners.some((l) => l.username === 'test-staff-jinhe')).toBe(false);
	});

	it('pages past the end, or with a page number too large for SQLite, give an empty page instead of an error', () => {
		// ?page=1e308 made offset Infinity, and SQLite refuses a LIMIT or OFFSET that is not whole ("datatype mismatch").
		for (const offset of [Infinity, 5e21, NaN, 1.5, -3]) {
			const page = listLearners(c.jinhe, { q: '测试', limit: 50, offset });
			expect(page.total).toBe(2);
			expect(page.learners.length).toBe(offset === 1.5 ? 1 : offset > 1 ? 0 : 2);
		}
		for (const limit of [Infinity, NaN, 1.5, -1]) {
			expect(listLearners(c.jinhe, { q: '测试', limit, offset: 0 }).learners.length).toBeGreaterThan(0);
		}
	});

	it('search by phone, username and household code; filter by village; page', () => {
		const names = (q: string, villageId?: number) =>
			listLearners(c.jinhe, { q, villageId, limit: 50, offset: 0 }).learners.map((l) => l.name);
		expect(names('1381234')).toEqual(['测试甲']);
		expect(names('532530101202001')).toContain('测试乙');
		expect(names('测试', maandi)).toEqual(['测试甲']);
		expect(names('%')).toEqual([]);
		const all = listLearners(c.jinhe, { limit: 200, offset: 0 });
		const page = listLearners(c.jinhe, { limit: 5, offset: 5 });
		expect(page.total).toBe(all.total);
		expect(page.learners).toEqual(all.learners.slice(5, 10));
	});

	it('keep to the given learners (the needs-help filter), with search and paging, and only of the township', () => {
		const ids = (q: string) => listLearners(c.jinhe, { q, limit: 50, offset: 0 }).learners.map((l) => l.id);
		const [jia] = ids('测试甲');
		const [bing] = listLearners(c.tongchang, { q: '测试丙', limit: 1, offset: 0 }).learners.map((l) => l.id);
		const only = (q: string, onlyIds: number[], offset = 0) => listLearners(c.jinhe, { q, onlyIds, limit: 1, offset });
		expect(only('', [jia, bing])).toMatchObject({ total: 1, learners: [{ name: '测试甲' }] });
		expect(only('测试乙', [jia])).toEqual({ total: 0, learners: [] });
		expect(only('', [])).toEqual({ total: 0, learners: [] });
		const [yi] = ids('测试乙');
		expect(only('测试', [jia, yi]).total).toBe(2);
		expect(only('测试', [jia, yi], 1).learners.map((l) => l.name)).toEqual(['测试甲']);
	});

	it('get a learner only from their own township, and never a staff member', () => {
		const [own] = listLearners(c.jinhe, { q: '测试甲', limit: 1, offset: 0 }).learners;
		const [other] = listLearners(c.tongchang, { q: '测试丙', limit: 1, offset: 0 }).learners;
		expect(getLearnerInTownship(c.jinhe, own.id)?.name).toBe('测试甲');
		expect(getLearnerInTownship(c.jinhe, other.id)).toBeNull();
		expect(getLearnerInTownship(c.jinhe, c.staff)).toBeNull();
	});
});

describe('issueSignInCode and setLearnerDisabled', () => {
	let userId: number;
	let otherId: number;
	beforeEach(() => {
		userId = learner({ householdCode: '532530101201001', name: '测试甲', phone: '13812345678' }).userId;
		const other = addLearner(c.otherStaff, c.tongchang, {
			householdId: householdId(fresh.db, '532530102201001'),
			name: '丙'
		});
		otherId = other.ok ? other.userId : 0;
		createSession(generateSessionToken(), userId);
	});

	const sessionCount = (id: number) => fresh.db.select().from(sessions).where(eq(sessions.userId, id)).all().length;

	it('issues a 6-digit code stored as argon2id, signs the learner out and audits', async () => {
		const { code, username } = await issueSignInCode(c.staff, c.jinhe, userId);
		expect(code).toMatch(/^\d{6}$/);
		expect(username).toBe('13812345678');
		const row = fresh.db.select().from(users).where(eq(users.id, userId)).get()!;
		expect(row.passwordHash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(row.passwordHash!, code)).toBe(true);
		expect(row.mustChangePassword).toBe(true);
		expect(sessionCount(userId)).toBe(0);
		expect(actions('learner_code_issued')).toMatchObject([{ actorId: c.staff, targetId: String(userId) }]);
	});

	it('disables (signing out) and enables again, with audit entries', () => {
		setLearnerDisabled(c.staff, c.jinhe, userId, true);
		expect(fresh.db.select().from(users).where(eq(users.id, userId)).get()!.disabledAt).toBeInstanceOf(Date);
		expect(sessionCount(userId)).toBe(0);
		setLearnerDisabled(c.staff, c.jinhe, userId, false);
		expect(fresh.db.select().from(users).where(eq(users.id, userId)).get()!.disabledAt).toBeNull();
		expect(actions('learner_disabled')).toHaveLength(1);
		expect(actions('learner_enabled')).toHaveLength(1);
	});

	it('refuse learners of another township and staff, changing nothing', async () => {
		createSession(generateSessionToken(), otherId);
		await expect(issueSignInCode(c.staff, c.jinhe, otherId)).rejects.toMatchObject({ key: 'learner_not_found' });
		await expect(issueSignInCode(c.staff, c.jinhe, c.otherStaff)).rejects.toMatchObject({ key: 'learner_not_found' });
		expect(() => setLearnerDisabled(c.staff, c.jinhe, otherId, true)).toThrow(
			expect.objectContaining({ key: 'learner_not_found' })
		);
		const other = fresh.db
			.select()
			.from(users)
			.where(and(eq(users.id, otherId)))
			.get()!;
		expect(other).toMatchObject({ passwordHash: null, disabledAt: null });
		expect(sessionCount(otherId)).toBe(1);
		expect(actions('learner_code_issued')).toHaveLength(0);
	});
});
