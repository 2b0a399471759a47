import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { apiTokens, auditLog, townships, users } from '../db/schema.ts';
import { noteExamAttempt, noteLessonsCompleted } from '../learning/summary.ts';
import { seedBenchCounty } from '../tooling/bench/bench-seed.ts';
import { byCourse, byVillage, overview } from './dashboard.ts';
import { recordsCsvStream, recordsXlsxStream } from './export.ts';
import { householdsOfVillage, learnerTimeline, needsHelp } from './learners.ts';
import { countRecordRows, eachRecordRow, recordRows, type RecordFilter, type RecordRow } from './rows.ts';
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from './tokens.ts';
import { dashboardData, filterFromQuery } from './view.ts';
import { first, one } from '../db/dialect.ts';

const NOW = new Date('2026-06-15T04:00:00Z');
let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let ids: number[];

beforeEach(async () => {
	env = await useFreshDatabase();
	await seedBenchCounty(env.db, {
		townships: 2,
		villagesPerTownship: 2,
		households: 40,
		learners: 120,
		now: NOW,
		seed: 3
	});
	ids = (await env.db.select().from(townships)).map((t) => t.id);
});
afterEach(() => env.cleanup());

const all = async (filter: RecordFilter): Promise<RecordRow[]> => {
	const rows: RecordRow[] = [];
	for await (const page of eachRecordRow(filter, 7)) rows.push(...page);
	return rows;
};
const text = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

describe('records rows', () => {
	it('gives one row per started learner and course, scoped to the township', async () => {
		const county = await all({ townshipId: null });
		const [a, b] = await Promise.all(ids.map((id) => all({ townshipId: id })));
		expect(county.length).toBeGreaterThan(50);
		expect(a.length + b.length).toBe(county.length);
		expect(a.every((r) => r.townshipId === ids[0])).toBe(true);
		expect(b.every((r) => r.townshipId === ids[1])).toBe(true);
		expect(new Set(county.map((r) => `${r.userId}:${r.courseSlug}`)).size).toBe(county.length);
		for (const r of county) {
			expect(r.lessonsDone).toBeLessThanOrEqual(r.lessonsTotal!);
			if (r.status === 'certified') expect(r.certificateNumber).not.toBeNull();
			if (r.status === 'in_progress') expect(r.certificateNumber).toBeNull();
		}
	});

	it('pages with a cursor through exactly the same rows', async () => {
		const expected = await all({ townshipId: ids[0] });
		const seen: RecordRow[] = [];
		let cursor: string | null = null;
		do {
			const page = await recordRows({ townshipId: ids[0] }, { cursor, limit: 9 });
			expect(page.rows.length).toBeLessThanOrEqual(9);
			seen.push(...page.rows);
			cursor = page.nextCursor;
		} while (cursor);
		expect(seen.map((r) => `${r.userId}:${r.courseSlug}`)).toEqual(expected.map((r) => `${r.userId}:${r.courseSlug}`));
		await expect(recordRows({ townshipId: null }, { cursor: 'not a cursor!', limit: 5 })).rejects.toThrow();
	});

	it('filters by village, course, date and certificate', async () => {
		const rows = await all({ townshipId: null });
		const village = rows[0].villageId!;
		expect(await all({ townshipId: null, villageId: village })).toEqual(rows.filter((r) => r.villageId === village));
		expect(await all({ townshipId: null, courseSlug: 'shop-accounts' })).toEqual(
			rows.filter((r) => r.courseSlug === 'shop-accounts')
		);
		expect(await all({ townshipId: null, certifiedOnly: true })).toEqual(rows.filter((r) => r.status === 'certified'));
		const from = new Date(NOW.getTime() - 120 * 86_400_000);
		const dated = await all({ townshipId: null, from, to: NOW });
		expect(dated).toEqual(rows.filter((r) => r.recordDate >= from && r.recordDate < NOW));
		expect(dated.length).toBeLessThan(rows.length);
		// A village of the other township yields nothing for this one.
		const foreign = rows.find((r) => r.townshipId === ids[1])!.villageId!;
		expect(await all({ townshipId: ids[0], villageId: foreign })).toEqual([]);
	});

	it('counts what an export will hold, for its progress', async () => {
		const from = new Date(NOW.getTime() - 120 * 86_400_000);
		for (const filter of [
			{ townshipId: null },
			{ townshipId: ids[0] },
			{ townshipId: ids[1], certifiedOnly: true },
			{ townshipId: null, courseSlug: 'shop-accounts', from, to: NOW },
			{ townshipId: ids[0], villageId: (await all({ townshipId: ids[1] }))[0].villageId! }
		]) {
			expect(await countRecordRows(filter), JSON.stringify(filter)).toBe((await all(filter)).length);
		}
	});
});

describe('records exports', () => {
	it('writes CSV with BOM, Chinese header and quoted fields', async () => {
		const bytes = await text(recordsCsvStream({ townshipId: ids[0] }));
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe('乡镇,村,户编号,姓名,课程,类别,已学课数,总课数,最好成绩,证书编号,发证日期,状态');
		expect(lines.length - 1).toBe((await all({ townshipId: ids[0] })).length);
		expect(lines[1]).toMatch(/^第1镇,1镇1村,/);
		expect(lines.some((l) => /,已发证$/.test(l) && /,\d{4}-\d{2}-\d{2},/.test(l))).toBe(true);
	});

	it('quotes commas, quotes and formulas', async () => {
		const { csvField } = await import('./export.ts');
		expect(csvField('张,三')).toBe('"张,三"');
		expect(csvField('说"好"')).toBe('"说""好"""');
		expect(csvField('=1+1')).toBe("'=1+1");
		expect(csvField(null)).toBe('');
	});

	it('writes XLSX with the same rows as CSV', async () => {
		const csv = (await text(recordsCsvStream({ townshipId: null }))).toString('utf8').slice(1).trimEnd().split('\r\n');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.read(Readable.from(await text(recordsXlsxStream({ townshipId: null }))));
		const sheet = workbook.worksheets[0];
		expect(sheet.rowCount).toBe(csv.length);
		const cells = (n: number) =>
			(sheet.getRow(n).values as unknown[]).slice(1, 13).map((v) => (v == null ? '' : String(v)));
		expect(cells(1).join(',')).toBe(csv[0]);
		expect(cells(2).join(',')).toBe(csv[1]);
		expect(cells(csv.length).join(',')).toBe(csv[csv.length - 1]);
	});
});

describe('records dashboard', () => {
	it('agrees with the rows, the CSV and the XLSX', async () => {
		// A trainer and a staff member who tried courses are no learners: in no figure (the county's course table
		// subtracts their rows; a lesson only, and a lesson with a passed exam, so every figure is exercised).
		const tried: { id: number }[] = [];
		for (const role of ['trainer', 'staff'] as const) {
			tried.push(
				await one(
					env.db
						.insert(users)
						// The staff member works in the first township: her rows are still in none of its figures.
						.values({ role, name: '试课的人', username: `${role}-x`, townshipId: role === 'staff' ? ids[0] : null })
						.returning({ id: users.id })
				)
			);
		}
		const [trainer, staff] = tried;
		await noteLessonsCompleted(env.db, trainer.id, 'raising-chickens', 1, NOW);
		await noteLessonsCompleted(env.db, staff.id, 'phone-safety', 1, NOW);
		await noteExamAttempt(env.db, staff.id, 'phone-safety', { score: 0.9, passed: true, at: NOW });
		for (const scope of [null, ids[0], ids[1]]) {
			const rows = await all({ townshipId: scope });
			const certified = rows.filter((r) => r.status === 'certified');
			const o = await overview(scope, NOW);
			expect(o.certificates).toBe(certified.length);
			// Every valid certificate, also those before the twelve months shown and after the day counted.
			expect((await overview(scope, new Date('2025-12-20T00:00:00Z'))).certificates).toBe(certified.length);
			expect(o.certificatesByMonth.reduce((s, m) => s + m.count, 0)).toBe(
				certified.filter((r) => r.certificateIssuedAt! >= new Date('2025-06-30T16:00:00Z')).length
			);
			const csvCertified =
				(await text(recordsCsvStream({ townshipId: scope, certifiedOnly: true })))
					.toString('utf8')
					.trimEnd()
					.split('\r\n').length - 1;
			expect(csvCertified).toBe(certified.length);
			const workbook = new ExcelJS.Workbook();
			await workbook.xlsx.read(
				Readable.from(await text(recordsXlsxStream({ townshipId: scope, certifiedOnly: true })))
			);
			expect(workbook.worksheets[0].rowCount - 1).toBe(certified.length);

			const villages = await byVillage(scope, NOW);
			expect(villages.reduce((s, v) => s + v.learners, 0)).toBe(o.learners);
			expect(villages.reduce((s, v) => s + v.activeLearners, 0)).toBe(o.activeLearners);
			expect(villages.reduce((s, v) => s + v.certifiedLearners, 0)).toBe(new Set(certified.map((r) => r.userId)).size);
			const households = new Set(certified.map((r) => r.householdCode)).size;
			expect(o.certifiedHouseholdShare).toBeCloseTo(households / o.households);

			for (const c of await byCourse(scope)) {
				const mine = rows.filter((r) => r.courseSlug === c.courseSlug);
				expect(c.started).toBe(mine.length);
				expect(c.completed).toBe(mine.filter((r) => r.lessonsDone === r.lessonsTotal).length);
				const tried = mine.filter((r) => r.bestScore !== null);
				expect(c.attempted).toBe(tried.length);
				expect(c.passed).toBe(mine.filter((r) => r.attempts > r.failedAttempts).length);
				// One course alone (the trainer's page) gives the same figures.
				expect(await byCourse(scope, c.courseSlug)).toEqual([c]);
			}
		}
	});

	it('lists who needs help, households and timelines only within the township', async () => {
		const help = await needsHelp(ids[0], NOW);
		expect(help.length).toBeGreaterThan(0);
		const mine = new Set((await all({ townshipId: ids[0] })).map((r) => r.userId));
		expect(help.every((h) => h.reasons.length > 0)).toBe(true);
		for (const h of help) {
			if (h.reasons.some((r) => r.kind === 'failed_exam')) expect(mine.has(h.userId)).toBe(true);
		}
		const row = (await all({ townshipId: ids[0] }))[0];
		expect((await householdsOfVillage(ids[0], row.villageId!)).length).toBeGreaterThan(0);
		expect(await householdsOfVillage(ids[1], row.villageId!)).toEqual([]);
		const timeline = (await learnerTimeline(ids[0], row.userId))!;
		expect(timeline.items.length).toBeGreaterThan(0);
		expect(timeline.items.map((i) => i.at.getTime())).toEqual(
			timeline.items.map((i) => i.at.getTime()).sort((a, b) => a - b)
		);
		// Staff see when each lesson and attempt reached the server as well as when the phone says it happened.
		for (const item of timeline.items)
			if (item.kind !== 'certificate') expect(item.arrivedAt.getTime()).toBeGreaterThanOrEqual(item.at.getTime());
		expect(await learnerTimeline(ids[1], row.userId)).toBeNull();
	});
});

describe('records API tokens', () => {
	it('stores only the hash, authenticates, and stops after revocation', async () => {
		const { id, token } = await createApiToken(null, ids[0], '统计局');
		expect(token).toMatch(/^zz_[a-z2-7]{32}$/);
		const stored = await env.db.select().from(apiTokens);
		expect(stored[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(stored)).not.toContain(token.slice(3));
		expect(JSON.stringify(await listApiTokens())).not.toContain(stored[0].tokenHash);
		expect(await authenticateApiToken(`Bearer ${token}`, NOW)).toEqual({ tokenId: id, townshipId: ids[0] });
		expect((await listApiTokens())[0].lastUsedAt).toEqual(NOW);
		await authenticateApiToken(token, new Date(NOW.getTime() + 30_000));
		expect((await listApiTokens())[0].lastUsedAt).toEqual(NOW);
		expect(await authenticateApiToken('zz_wrong')).toBeNull();
		expect(await revokeApiToken(null, id)).toBe(true);
		expect(await revokeApiToken(null, id)).toBe(false);
		expect(await authenticateApiToken(token)).toBeNull();
		expect((await env.db.select().from(auditLog)).map((a) => a.action)).toEqual([
			'api_token_created',
			'api_token_revoked'
		]);
	});
});

describe('records filter from a query string', () => {
	it('takes a village only as a positive whole id', () => {
		const village = (query: string) => filterFromQuery(ids[0], new URLSearchParams(query)).villageId;
		expect(village('village=7')).toBe(7);
		for (const bad of ['village=1e308', 'village=-1', 'village=1.5', 'village=', 'village=0x10', '']) {
			expect(village(bad)).toBeUndefined();
		}
	});
});

describe('dashboard counts', () => {
	const addLearner = async (townshipId: number, username: string) =>
		await env.db.insert(users).values({ role: 'learner', name: '新学员', username, townshipId });

	it('are kept for a minute per scope, then counted again; who needs help is always current', async () => {
		const first = await dashboardData(ids[0], NOW);
		expect(first.countedAt).toEqual(NOW);
		await addLearner(ids[0], '13900000001');
		const later = new Date(NOW.getTime() + 59_000);
		const kept = await dashboardData(ids[0], later);
		expect(kept.countedAt).toEqual(NOW);
		expect(kept.overview.learners).toBe(first.overview.learners);
		// The other township and the county are counted on their own, with the new learner.
		expect((await dashboardData(null, later)).overview.learners).toBe((await overview(null, later)).learners);
		expect((await dashboardData(null, later)).countedAt).toEqual(later);
		// Who needs help is not kept: it is read again on every view.
		expect(kept.needsHelp).toEqual(await needsHelp(ids[0], later, 100));

		const minuteOn = new Date(NOW.getTime() + 60_000);
		const again = await dashboardData(ids[0], minuteOn);
		expect(again.countedAt).toEqual(minuteOn);
		expect(again.overview.learners).toBe(first.overview.learners + 1);
	});

	it('are counted again when a China month starts, and when the clock went back', async () => {
		const lastMinute = new Date('2026-06-30T15:59:30Z'); // 23:59:30 on 30 June in China
		await dashboardData(ids[0], lastMinute);
		const nextMonth = new Date('2026-06-30T16:00:10Z');
		expect((await dashboardData(ids[0], nextMonth)).countedAt).toEqual(nextMonth);
		const earlier = new Date(nextMonth.getTime() - 5_000);
		expect((await dashboardData(ids[0], earlier)).countedAt).toEqual(earlier);
	});

	it('belong to their database: a fresh one is counted on its own', async () => {
		const counted = await dashboardData(ids[0], NOW);
		await env.cleanup();
		env = await useFreshDatabase();
		await seedBenchCounty(env.db, {
			townships: 1,
			villagesPerTownship: 1,
			households: 5,
			learners: 7,
			now: NOW,
			seed: 4
		});
		const only = (await first(env.db.select().from(townships).limit(1)))!.id;
		expect(only).toBe(ids[0]);
		const fresh = await dashboardData(only, NOW);
		expect(fresh.overview.learners).toBe(7);
		expect(fresh.overview.learners).not.toBe(counted.overview.learners);
	});
});
