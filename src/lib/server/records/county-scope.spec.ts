// A province's database holds several counties: an admin's records cover one county at a time.
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { eq, inArray, max } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { counties, lessonCompletions, townships, users, villages } from '../db/schema.ts';
import { seedBenchCounty } from '../tooling/bench/bench-seed.ts';
import { forgetKeptRankings, villageRanking } from '../village/ranking.ts';
import { countyBackfill } from '../tooling/county-backfill.ts';
import { adminRecordsScope } from './admin-scope.ts';
import { byCourse, overview } from './dashboard.ts';
import { recordsCsvStream, recordsXlsxStream } from './export.ts';
import { countRecordRows, eachRecordRow, type RecordFilter } from './rows.ts';
import { dashboardData, filterFromQuery } from './view.ts';
import { one } from '../db/dialect.ts';

const NOW = new Date('2026-06-15T04:00:00Z');
let env: Awaited<ReturnType<typeof useFreshDatabase>>;
/** The townships of the seeded county, by code. */
let ids: number[];

beforeEach(async () => {
	forgetKeptRankings();
	env = await useFreshDatabase();
	await seedBenchCounty(env.db, {
		townships: 4,
		villagesPerTownship: 2,
		households: 60,
		learners: 200,
		now: NOW,
		seed: 5
	});
	ids = (await env.db.select().from(townships).orderBy(townships.code)).map((t) => t.id);
});
afterEach(() => env.cleanup());

const query = (text: string) => new URLSearchParams(text);
const all = async (filter: RecordFilter) => {
	const rows = [];
	for await (const page of eachRecordRow(filter, 13)) rows.push(...page);
	return rows;
};
const csvLines = async (filter: RecordFilter) =>
	Buffer.from(await new Response(recordsCsvStream(filter)).arrayBuffer())
		.toString('utf8')
		.slice(1)
		.trimEnd()
		.split('\r\n')
		.slice(1);

/**
 * A second county, added with a code before the seeded one's (so it is the default), takes the last two
 * townships: county A = ids[2], ids[3]; county B (the seeded one) = ids[0], ids[1].
 */
async function splitIntoTwoCounties() {
	const a = await one(env.db.insert(counties).values({ code: '999000', name: '甲县' }).returning({ id: counties.id }));
	await env.db
		.update(townships)
		.set({ countyId: a.id })
		.where(inArray(townships.id, [ids[2], ids[3]]));
	// Their people and every row of them in the new county, as if enrolled there (no learner changes county).
	await countyBackfill(env.db);
	const b = (await env.db.select().from(counties).where(eq(counties.code, '999001')))[0];
	return { a: { id: a.id, townships: [ids[2], ids[3]] }, b: { id: b.id, townships: [ids[0], ids[1]] } };
}

describe('admin records scope', () => {
	it('with one county: no county picker, every township, the whole database', async () => {
		for (const text of ['', 'county=1', 'county=999', 'county=abc']) {
			const scope = await adminRecordsScope(query(text));
			expect(scope.counties).toEqual([]);
			expect(scope.county).toBeNull();
			expect(scope.townships.map((t) => t.id)).toEqual(ids);
			expect(scope.chosen).toBeNull();
			expect(scope.scope).toBeNull();
		}
		const one = await adminRecordsScope(query(`township=${ids[1]}`));
		expect(one.chosen?.id).toBe(ids[1]);
		expect(one.scope).toBe(ids[1]);
	});

	it('with two counties: the first by code by default, an unknown county or a foreign township falls back', async () => {
		const { a, b } = await splitIntoTwoCounties();
		const first = await adminRecordsScope(query(''));
		expect(first.counties.map((c) => c.id)).toEqual([a.id, b.id]);
		expect(first.county?.id).toBe(a.id);
		expect(first.townships.map((t) => t.id)).toEqual(a.townships);
		expect(first.scope).toEqual(a.townships);

		const second = await adminRecordsScope(query(`county=${b.id}`));
		expect(second.county?.id).toBe(b.id);
		expect(second.townships.map((t) => t.id)).toEqual(b.townships);
		expect(second.scope).toEqual(b.townships);
		expect((await adminRecordsScope(query(`county=${b.id}&township=${b.townships[1]}`))).scope).toBe(b.townships[1]);

		for (const text of ['county=99999', 'county=-1', 'county=1e3', `county=${a.id}&township=${b.townships[0]}`]) {
			const scope = await adminRecordsScope(query(text));
			expect(scope.county?.id).toBe(a.id);
			expect(scope.chosen).toBeNull();
			expect(scope.scope).toEqual(a.townships);
		}
		// A township of B without a county is looked for in the default county (A): not found, A's whole view.
		expect((await adminRecordsScope(query(`township=${b.townships[0]}`))).scope).toEqual(a.townships);
	});
});

describe('a county of a province', () => {
	it("counts the county's learners, certificates, villages, courses and ranking, nothing of the other", async () => {
		const { a, b } = await splitIntoTwoCounties();
		const countyA = await dashboardData(a.townships, NOW);
		const countyB = await dashboardData(b.townships, NOW);
		const everything = await dashboardData(null, NOW);
		const [a1, a2] = await Promise.all(a.townships.map((t) => overview(t, NOW)));
		expect(countyA.overview.learners).toBeGreaterThan(0);
		expect(countyB.overview.learners).toBeGreaterThan(0);
		for (const key of ['learners', 'households', 'activeLearners', 'certificates', 'certificatesThisMonth'] as const) {
			expect(countyA.overview[key]).toBe(a1[key] + a2[key]);
			expect(countyA.overview[key] + countyB.overview[key]).toBe(everything.overview[key]);
		}
		expect(countyA.overview.certificatesByMonth.map((m) => m.count)).toEqual(
			a1.certificatesByMonth.map((m, i) => m.count + a2.certificatesByMonth[i].count)
		);

		const villagesOf = async (scope: number[]) =>
			(await env.db.select().from(villages).where(inArray(villages.townshipId, scope))).map((v) => v.id).sort();
		const ofA = await villagesOf(a.townships);
		expect(countyA.villages.map((v) => v.villageId).sort()).toEqual(ofA);
		expect(countyA.ranking.map((v) => v.villageId).sort()).toEqual(ofA);
		// The month's lessons of a county (read by county) are its townships' (read through their learners), in the
		// month of the county's latest lessons so that they are not all zero.
		const [{ latest }] = await env.db
			.select({ latest: max(lessonCompletions.completedAt) })
			.from(lessonCompletions)
			.innerJoin(users, eq(users.id, lessonCompletions.userId))
			.where(inArray(users.townshipId, a.townships));
		const then = new Date(latest!.getTime() + 1);
		const lessonsOf = (ranking: Awaited<ReturnType<typeof villageRanking>>) =>
			Object.fromEntries(ranking.villages.map((v) => [v.villageId, [v.current.lessons, v.previous.lessons]]));
		const lessonsOfA = lessonsOf(await villageRanking(a.townships, then));
		const rankingsOfA = await Promise.all(a.townships.map((t) => villageRanking(t, then)));
		expect(lessonsOfA).toEqual(Object.assign({}, ...rankingsOfA.map(lessonsOf)));
		expect(Object.values(lessonsOfA).some(([current]) => current > 0)).toBe(true);
		expect(countyA.villageOptions.map((v) => v.id).sort()).toEqual(ofA);
		expect(countyA.villages.reduce((n, v) => n + v.learners, 0)).toBe(countyA.overview.learners);

		const learnersOfA = new Set(
			(await env.db.select({ id: users.id }).from(users).where(inArray(users.townshipId, a.townships))).map((u) => u.id)
		);
		expect(countyA.needsHelp.length).toBeGreaterThan(0);
		for (const h of countyA.needsHelp) expect(learnersOfA.has(h.userId)).toBe(true);

		const perTownship = await Promise.all(a.townships.map((t) => byCourse(t)));
		for (const [i, c] of countyA.courses.entries()) {
			expect(c.started).toBe(perTownship[0][i].started + perTownship[1][i].started);
			expect(c.passed).toBe(perTownship[0][i].passed + perTownship[1][i].passed);
			expect(c.started).toBe(countyA.courses[i].started);
			expect(c.started + countyB.courses[i].started).toBe(everything.courses[i].started);
		}
	});

	it("exports the county's records only, in CSV and XLSX, and nothing for a village of the other", async () => {
		const { a, b } = await splitIntoTwoCounties();
		const namesOf = async (scope: number[]) =>
			new Set((await env.db.select().from(townships).where(inArray(townships.id, scope))).map((t) => t.name));
		const [namesA, namesB] = [await namesOf(a.townships), await namesOf(b.townships)];
		const filter = filterFromQuery(a.townships, query(''));
		const rows = await all(filter);
		const [r1, r2] = await Promise.all(a.townships.map((t) => all({ townshipId: t })));
		expect(rows.length).toBe(r1.length + r2.length);
		expect(rows.length).toBeGreaterThan(0);
		expect(await countRecordRows(filter)).toBe(rows.length);
		const lines = await csvLines(filter);
		expect(lines.length).toBe(rows.length);
		for (const line of lines) {
			const township = line.split(',')[0];
			expect(namesA.has(township)).toBe(true);
			expect(namesB.has(township)).toBe(false);
		}
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.read(Readable.from(Buffer.from(await new Response(recordsXlsxStream(filter)).arrayBuffer())));
		const sheet = workbook.worksheets[0];
		expect(sheet.rowCount - 1).toBe(rows.length);
		for (let n = 2; n <= sheet.rowCount; n++) expect(namesA.has(String(sheet.getRow(n).getCell(1).value))).toBe(true);

		const villageOfB = (await env.db.select().from(villages).where(eq(villages.townshipId, b.townships[0])))[0];
		const foreign = filterFromQuery(a.townships, query(`village=${villageOfB.id}`));
		expect(await countRecordRows(foreign)).toBe(0);
		expect(await csvLines(foreign)).toEqual([]);
	});

	it('keeps the counts per county: another county is counted on its own, the order of townships aside', async () => {
		const { a, b } = await splitIntoTwoCounties();
		const first = await dashboardData(a.townships, NOW);
		await env.db
			.insert(users)
			.values({ role: 'learner', name: '新学员', username: '13900000009', townshipId: a.townships[0] });
		const later = new Date(NOW.getTime() + 30_000);
		const kept = await dashboardData([...a.townships].reverse(), later);
		expect(kept.countedAt).toEqual(NOW);
		expect(kept.overview.learners).toBe(first.overview.learners);
		const other = await dashboardData(b.townships, later);
		expect(other.countedAt).toEqual(later);
		expect(other.overview.learners).toBe((await overview(b.townships, later)).learners);
		// Neither is the whole database's, nor a township's of the same id list.
		expect((await dashboardData(null, later)).countedAt).toEqual(later);
		expect((await dashboardData(a.townships[0], later)).countedAt).toEqual(later);
		const minuteOn = new Date(NOW.getTime() + 60_000);
		expect((await dashboardData(a.townships, minuteOn)).overview.learners).toBe(first.overview.learners + 1);
	});

	it('a county without townships shows nothing, and fails nothing', async () => {
		await one(env.db.insert(counties).values({ code: '999000', name: '空县' }).returning({ id: counties.id }));
		const scope = await adminRecordsScope(query(''));
		expect(scope.townships).toEqual([]);
		expect(scope.scope).toEqual([]);
		const data = await dashboardData(scope.scope, NOW);
		expect(data.overview.learners).toBe(0);
		expect(data.overview.certificates).toBe(0);
		expect(data.villages).toEqual([]);
		expect(data.ranking).toEqual([]);
		expect(data.needsHelp).toEqual([]);
		expect(data.courses.every((c) => c.started === 0)).toBe(true);
		expect(await countRecordRows(filterFromQuery(scope.scope, query('')))).toBe(0);
	});
});
