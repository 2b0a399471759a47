import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desc, eq, gt } from 'drizzle-orm';
import { auditLog, households, users } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { EnrolmentError } from './errors.ts';
import { applyRoster } from './roster-apply.ts';
import { parseRosterFile } from './roster-parse.ts';
import { validateRoster } from './roster-validate.ts';
import { rosterTemplateCsv, rosterTemplateXlsx } from './template.ts';
import { fixture, householdId, rowCounts, seedCounty } from './test-helpers.ts';
import { first } from '../db/dialect.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
let county: Awaited<ReturnType<typeof seedCounty>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
	county = await seedCounty(fresh.db);
});
afterEach(() => fresh.cleanup());

async function preview(bytes: Uint8Array, fileName: string, townshipId = county.jinhe) {
	return validateRoster(await parseRosterFile(bytes, fileName), townshipId);
}

describe('good rosters', () => {
	it.each(['good-utf8.csv', 'good-utf8-bom.csv', 'good-gbk.csv', 'good.xlsx'])('%s imports exactly', async (name) => {
		const before = await rowCounts(fresh.db);
		const lastId = (await first(fresh.db.select({ id: users.id }).from(users).orderBy(desc(users.id))))!.id;
		const p = await preview(fixture(name), name);
		expect(p.problems).toEqual([]);
		expect(p.ignoredColumns).toEqual(['备注']);
		expect([p.newHouseholds, p.existingHouseholds, p.newLearners]).toEqual([3, 2, 8]);
		expect(await applyRoster(p, { actorId: county.staff, townshipId: county.jinhe })).toEqual({
			households: 3,
			learners: 8
		});
		const after = await rowCounts(fresh.db);
		expect(after).toEqual({ households: before.households + 3, users: before.users + 8, audit: before.audit + 1 });

		const learners = await fresh.db.select().from(users).where(gt(users.id, lastId));
		const byName = new Map(learners.map((u) => [u.name, u]));
		expect(byName.get('李晓东')).toMatchObject({
			username: '13812340001',
			phone: '13812340001',
			householdId: await householdId(fresh.db, '532530101201001'),
			townshipId: county.jinhe,
			passwordHash: null,
			mustChangePassword: true
		});
		expect(byName.get('张志强')?.phone).toBe('13812340002');
		expect(byName.get('刘桂兰')?.idNumber).toMatch(/^\d{17}X$/);
		expect(byName.get('王小芳')?.username).toMatch(/^[1-9]\d{7}$/);
		expect(byName.get('陈玉梅')?.householdId).toBe(byName.get('陈阿福')?.householdId);
		const created = await first(fresh.db.select().from(households).where(eq(households.code, '532530101202101')));
		expect(created?.headName).toBe('陈阿福');

		const entry = await first(fresh.db.select().from(auditLog).where(eq(auditLog.action, 'roster_import')));
		expect(entry).toMatchObject({ actorId: county.staff, townshipId: county.jinhe });
		expect(entry?.detail).toMatchObject({ fileName: name, households: 3, learners: 8, existingHouseholds: 2 });
	});

	it('the templates import into the demo township as they are', async () => {
		const csv = await preview(new TextEncoder().encode(rosterTemplateCsv()), 'template.csv');
		expect(csv.problems).toEqual([]);
		expect([csv.newHouseholds, csv.newLearners]).toEqual([1, 2]);
		const xlsx = await preview(new Uint8Array(await rosterTemplateXlsx()), 'template.xlsx');
		expect(xlsx.problems).toEqual([]);
		expect(xlsx.rows).toEqual(csv.rows);
	});
});

type Expected = [row: number | null, column: string | null, code: string][];
const BAD: Record<string, Expected> = {
	'bad-missing-name.csv': [[3, 'name', 'roster_missing_name']],
	'bad-missing-village.csv': [[3, 'village', 'roster_missing_village']],
	'bad-missing-household-code.csv': [[3, 'household_code', 'roster_missing_household_code']],
	'bad-missing-head.csv': [[2, 'household_head', 'roster_missing_head']],
	'bad-unknown-village.csv': [
		[3, 'village', 'roster_unknown_village'],
		[4, 'village', 'roster_unknown_village']
	],
	'bad-duplicate-household.csv': [
		[2, 'household_code', 'roster_duplicate_household'],
		[3, 'household_code', 'roster_duplicate_household']
	],
	'bad-household-conflict.csv': [[3, 'village', 'roster_household_conflict']],
	'bad-head-conflict.csv': [[3, 'household_head', 'roster_head_conflict']],
	'bad-learner-exists.csv': [[2, 'name', 'roster_learner_exists']],
	'bad-bad-phone.csv': [
		[2, 'phone', 'roster_bad_phone'],
		[3, 'phone', 'roster_bad_phone'],
		[4, 'phone', 'roster_bad_phone']
	],
	'bad-duplicate-phone.csv': [
		[2, 'phone', 'roster_duplicate_phone'],
		[3, 'phone', 'roster_duplicate_phone'],
		[4, 'phone', 'roster_duplicate_phone']
	],
	'bad-bad-id.csv': [
		[2, 'id_number', 'roster_bad_id'],
		[3, 'id_number', 'roster_bad_id'],
		[4, 'id_number', 'roster_bad_id']
	],
	'bad-duplicate-id.csv': [
		[2, 'id_number', 'roster_duplicate_id'],
		[3, 'id_number', 'roster_duplicate_id'],
		[4, 'id_number', 'roster_duplicate_id']
	],
	'bad-mixed.csv': [
		[3, 'name', 'roster_missing_name'],
		[4, 'village', 'roster_unknown_village'],
		[4, 'phone', 'roster_bad_phone'],
		[5, 'id_number', 'roster_duplicate_id'],
		[6, 'phone', 'roster_duplicate_phone'],
		[7, 'name', 'roster_too_long'],
		[7, 'phone', 'roster_duplicate_phone']
	],
	'bad-missing-column.csv': [[null, 'household_code', 'roster_missing_column']],
	'bad-duplicate-column.csv': [[1, 'name', 'roster_duplicate_column']],
	'bad-empty.csv': [[null, null, 'roster_empty']],
	'bad-learner-twice.csv': [[5, 'name', 'roster_learner_twice']],
	'bad-unclosed-quote.csv': [[3, null, 'roster_unclosed_quote']],
	'bad-unreadable.xlsx': [[null, null, 'roster_unreadable']]
};

describe('bad rosters', () => {
	beforeEach(async () => {
		// Someone already registered, for the "already taken" cases.
		await fresh.db.insert(users).values({
			role: 'learner',
			name: '李建国',
			username: '13900000000',
			phone: '13900000000',
			idNumber: '532530196001010445',
			householdId: await householdId(fresh.db, '532530101201001')
		});
	});

	it.each(Object.entries(BAD))('%s names each bad row and applies nothing', async (name, expected) => {
		const before = await rowCounts(fresh.db);
		const p = await preview(fixture(name), name);
		expect(p.problems.map((x) => [x.row, x.column, x.code])).toEqual(expected);
		await expect(applyRoster(p, { actorId: county.staff, townshipId: county.jinhe })).rejects.toThrow(EnrolmentError);
		expect(await rowCounts(fresh.db)).toEqual(before);
	});

	it('a missing column names the column for the message', async () => {
		const p = await preview(fixture('bad-missing-column.csv'), 'x.csv');
		expect(p.problems[0].params).toEqual({ column: '户编号' });
	});

	it('refuses names with control or bidirectional characters, and stores names in their usual form', async () => {
		const csv = [
			'村,户编号,户主,姓名',
			'马鞍底村,H-901,\u202E四李,\u202E四李', // shows as "李四" but is stored reversed
			'马鞍底村,H-902,王\u200B五,王五', // a zero-width space: another "王五"
			'马鞍底村,H-903,赵六,赵\u0007六',
			'马鞍底村,H-904,ＬＩ　Ｓｉ,ＬＩ　Ｓｉ'
		].join('\n');
		const before = await rowCounts(fresh.db);
		const p = await preview(new TextEncoder().encode(csv), 'names.csv');
		expect(p.problems.map((x) => [x.row, x.column, x.code])).toEqual([
			[2, 'household_head', 'roster_bad_name'],
			[2, 'name', 'roster_bad_name'],
			[3, 'household_head', 'roster_bad_name'],
			[4, 'name', 'roster_bad_name']
		]);
		await expect(applyRoster(p, { actorId: county.staff, townshipId: county.jinhe })).rejects.toThrow(EnrolmentError);
		expect(await rowCounts(fresh.db)).toEqual(before);

		const good = await preview(
			new TextEncoder().encode('村,户编号,户主,姓名\n马鞍底村,H-904,ＬＩ　Ｓｉ,ＬＩ　Ｓｉ'),
			'x.csv'
		);
		await applyRoster(good, { actorId: county.staff, townshipId: county.jinhe });
		expect(await first(fresh.db.select().from(users).where(eq(users.name, 'LI Si')))).toBeTruthy();
		expect((await first(fresh.db.select().from(households).where(eq(households.code, 'H-904'))))?.headName).toBe(
			'LI Si'
		);
	});

	it('a village of another township is unknown here, and known there', async () => {
		const csv = '村,户编号,户主,姓名\n新安村,532530102201901,李四,李四\n';
		const bytes = new TextEncoder().encode(csv);
		expect((await preview(bytes, 'x.csv')).problems[0].code).toBe('roster_unknown_village');
		expect((await preview(bytes, 'x.csv', county.tongchang)).problems).toEqual([]);
	});
});

describe('applyRoster refuses', () => {
	it('a preview made for another township', async () => {
		const p = await preview(fixture('good-utf8.csv'), 'good.csv');
		await expect(applyRoster(p, { actorId: county.otherStaff, townshipId: county.tongchang })).rejects.toThrow(
			expect.objectContaining({ key: 'roster_wrong_township' })
		);
	});

	it('a preview gone stale, atomically (nothing half applied)', async () => {
		const p = await preview(fixture('good-utf8.csv'), 'good.csv');
		await fresh.db
			.insert(users)
			.values({ role: 'learner', name: '别人', username: '13812340003', phone: '13812340003' });
		const before = await rowCounts(fresh.db);
		await expect(applyRoster(p, { actorId: county.staff, townshipId: county.jinhe })).rejects.toThrow(
			expect.objectContaining({ key: 'roster_has_problems' })
		);
		expect(await rowCounts(fresh.db)).toEqual(before);
	});

	it('importing the same file twice', async () => {
		const first = await preview(fixture('good-utf8.csv'), 'good.csv');
		await applyRoster(first, { actorId: county.staff, townshipId: county.jinhe });
		const again = await preview(fixture('good-utf8.csv'), 'good.csv');
		expect(again.problems.length).toBeGreaterThan(0);
		expect(new Set(again.problems.map((x) => x.code))).toContain('roster_learner_exists');
	});
});
