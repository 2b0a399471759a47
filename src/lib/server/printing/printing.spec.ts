import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	certificates,
	counties,
	enrolmentCodes,
	households,
	learnerCourses,
	townships,
	users,
	villages
} from '../db/schema.ts';
import { seedCounty } from '../enrolment/test-helpers.ts';
import { searchHouseholds } from '../enrolment/household-search.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { ceremonyPage, needsHelpPage, posterPage, printIndex, rosterPage } from './pages.ts';
import { adminRecordsScope } from '../records/admin-scope.ts';
import { parseMonth } from './sheets.ts';
import { followUpList } from '../followup/list.ts';
import { addFollowUpNote } from '../followup/notes.ts';
import { first, one } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let county: Awaited<ReturnType<typeof seedCounty>>;
const NOW = new Date('2026-06-20T04:00:00Z');

beforeEach(async () => {
	env = await useFreshDatabase();
	county = await seedCounty(env.db);
});
afterEach(() => env.cleanup());

/** A household of the township (the first by number) and its village. */
async function homeOf(townshipId: number) {
	return (await first(
		env.db
			.select({ id: households.id, code: households.code, headName: households.headName, villageId: villages.id })
			.from(households)
			.innerJoin(villages, eq(villages.id, households.villageId))
			.where(eq(villages.townshipId, townshipId))
			.orderBy(households.code)
	))!;
}

async function learner(townshipId: number, name: string, extra: Partial<typeof users.$inferInsert> = {}) {
	const home = await homeOf(townshipId);
	return (
		await one(
			env.db
				.insert(users)
				.values({ role: 'learner', name, username: `u-${name}`, householdId: home.id, townshipId, ...extra })
				.returning({ id: users.id })
		)
	).id;
}

async function certificate(userId: number, townshipId: number, number: string, issuedAt: Date, revoked = false) {
	await env.db.insert(certificates).values({
		number,
		userId,
		courseSlug: 'raising-chickens',
		courseTitle: '家庭养鸡',
		contentVersion: 'v1',
		score: 90,
		townshipId,
		issuedAt,
		revokedAt: revoked ? issuedAt : null
	});
}

describe('printouts', () => {
	it('a village roster lists each learner with lessons per course and certificates, only in its township', async () => {
		const id = await learner(county.jinhe, '李春兰');
		await env.db.insert(learnerCourses).values({ userId: id, courseSlug: 'raising-chickens', lessonsDone: 6 });
		await env.db.insert(learnerCourses).values({ userId: id, courseSlug: 'phone-safety', lessonsDone: 2 });
		await certificate(id, county.jinhe, 'A0000000001', NOW);
		const village = String((await homeOf(county.jinhe)).villageId);

		const roster = (await rosterPage(county.jinhe, village))!;
		expect(roster.township).toBe('金河镇');
		const person = roster.households.flatMap((h) => h.learners).find((l) => l.userId === id)!;
		expect(person.lessons).toEqual({ 'raising-chickens': 6, 'phone-safety': 2 });
		expect(person.certificates).toEqual(['家庭养鸡']);
		expect(roster.courses.map((c) => c.slug)).toContain('shop-accounts');
		// Another township's staff, a bad id: not found. The county (admins) may.
		expect(await rosterPage(county.tongchang, village)).toBeNull();
		expect(await rosterPage(county.jinhe, 'x')).toBeNull();
		expect((await rosterPage(null, village))?.village).toBe(roster.village);
		expect((await printIndex(county.tongchang)).villages.map((v) => v.id)).not.toContain(Number(village));
	});

	it('the ceremony list holds the China-time month, leaves out revoked and other townships', async () => {
		// One certificate per learner and course: a learner each.
		const a = await learner(county.jinhe, '王小明');
		const c = await learner(county.jinhe, '王小红');
		const d = await learner(county.jinhe, '王小刚');
		const b = await learner(county.tongchang, '赵大山');
		// 1 June 01:00 in China: June, although it is still 31 May in UTC.
		await certificate(a, county.jinhe, 'A0000000002', new Date('2026-05-31T17:00:00Z'));
		await certificate(c, county.jinhe, 'A0000000003', new Date('2026-05-31T15:00:00Z'));
		await certificate(d, county.jinhe, 'A0000000004', new Date('2026-06-10T02:00:00Z'), true);
		await certificate(b, county.tongchang, 'A0000000005', new Date('2026-06-11T02:00:00Z'));

		const june = await ceremonyPage(county.jinhe, '2026-06', NOW);
		expect(june.rows.map((r) => r.number)).toEqual(['A0000000002']);
		expect(june.rows[0]).toMatchObject({ name: '王小明', course: '家庭养鸡' });
		expect(june.rows[0].village).toBeTruthy();
		expect((await ceremonyPage(county.jinhe, '2026-05', NOW)).rows.map((r) => r.number)).toEqual(['A0000000003']);
		expect((await ceremonyPage(null, '2026-06', NOW)).rows.map((r) => r.number).sort()).toEqual([
			'A0000000002',
			'A0000000005'
		]);
		// No month or a bad one: this month.
		expect((await ceremonyPage(county.jinhe, 'junk', NOW)).month).toBe('2026-06');
		expect(parseMonth('2026-13')).toBeNull();
		expect(parseMonth('2026-01')).toBe('2026-01');
	});

	it('the needs-help list is the follow-up list: phones, every reason, notes, and it stays in the township', async () => {
		const long = new Date(NOW.getTime() - 40 * 86_400_000);
		const id = await learner(county.jinhe, '孙桂芳', { phone: '13912345678', lastActiveAt: long, createdAt: long });
		// Enrolled 40 days ago and never did anything: "never started", which the dashboard's list leaves out.
		const never = await learner(county.jinhe, '王小梅', { createdAt: long, passwordHash: 'x' });
		await learner(county.tongchang, '周志强', { phone: '13912340000', lastActiveAt: long, createdAt: long });
		await addFollowUpNote(
			{ id: county.staff, townshipId: county.jinhe },
			id,
			{ note: '说会接着学', contactedOn: '2026-06-18' },
			NOW
		);
		const page = await needsHelpPage(county.jinhe, NOW);
		expect(page.township).toBe('金河镇');
		expect(page.people.map((p) => [p.userId, p.phone])).toEqual([
			[id, '13912345678'],
			[never, null]
		]);
		expect(page.people[0].reasons).toEqual([{ kind: 'stopped', days: 40 }]);
		expect(page.people[0]).toMatchObject({ contacted: true, lastNote: { note: '说会接着学' } });
		expect(page.people[1].reasons).toEqual([{ kind: 'never_started', hasCode: true }]);
		expect(page.people).toEqual(await followUpList(county.jinhe, 'all', NOW));
		// The county's list (admins) holds both townships, notes included.
		const all = (await needsHelpPage(null, NOW)).people;
		expect(all).toHaveLength(3);
		expect(all.find((p) => p.userId === id)?.lastNote?.note).toBe('说会接着学');
	});

	it("the poster's link opens registration with the code filled in; other townships' codes are not found", async () => {
		const villageId = (await homeOf(county.jinhe)).villageId;
		const { id } = await one(
			env.db
				.insert(enrolmentCodes)
				.values({ code: 'ABCD2345', villageId, expiresAt: NOW, maxUses: 5 })
				.returning({ id: enrolmentCodes.id })
		);
		const poster = (await posterPage(county.jinhe, String(id), 'https://learn.example'))!;
		expect(poster.code).toBe('ABCD-2345');
		expect(poster.link).toBe('https://learn.example/register?code=ABCD2345');
		// The picture itself is read back by a QR decoder in the browser test of the printouts.
		expect(poster.qr).toMatch(/^data:image\/png;base64,/);
		expect(await posterPage(county.tongchang, String(id), 'https://learn.example')).toBeNull();
	});
});

// A province's database holds several counties: an admin's printouts cover one county at a time, as the records do.
describe("an admin's printouts in a database of several counties", () => {
	it('cover the county chosen (?county=, the first by code by default), a township of it, and nothing of another', async () => {
		// 铜厂乡 goes to a second county, after the demo county by code.
		const yi = await one(env.db.insert(counties).values({ code: '532599', name: '乙县' }).returning());
		await env.db.update(townships).set({ countyId: yi.id }).where(eq(townships.id, county.tongchang));
		const demoCounty = (await first(env.db.select().from(counties).where(eq(counties.code, '532530'))))!;
		const long = new Date(NOW.getTime() - 40 * 86_400_000);
		const jia = await learner(county.jinhe, '王小明', { lastActiveAt: long, createdAt: long });
		const bing = await learner(county.tongchang, '赵大山', { lastActiveAt: long, createdAt: long });
		await certificate(jia, county.jinhe, 'A0000000011', NOW);
		await certificate(bing, county.tongchang, 'A0000000012', NOW);
		const jinheVillage = String((await homeOf(county.jinhe)).villageId);
		const tongchangVillage = String((await homeOf(county.tongchang)).villageId);
		const scope = async (query: string) => (await adminRecordsScope(new URLSearchParams(query))).scope;
		const villagesOf = async (townshipId: number) =>
			(await env.db.select({ id: villages.id }).from(villages).where(eq(villages.townshipId, townshipId))).map(
				(v) => v.id
			);

		// No county asked, the demo county, the second one, and the second with a township of the first (ignored).
		for (const [query, own] of [
			['', county.jinhe],
			[`county=${demoCounty.id}`, county.jinhe],
			[`county=${yi.id}`, county.tongchang],
			[`county=${yi.id}&township=${county.jinhe}`, county.tongchang]
		] as const) {
			const chosen = await scope(query);
			expect((await printIndex(chosen)).villages.map((v) => v.id).sort()).toEqual((await villagesOf(own)).sort());
			const [ownVillage, otherVillage] =
				own === county.jinhe ? [jinheVillage, tongchangVillage] : [tongchangVillage, jinheVillage];
			expect(await rosterPage(chosen, ownVillage)).not.toBeNull();
			expect(await rosterPage(chosen, otherVillage)).toBeNull();
			const ownNumber = own === county.jinhe ? 'A0000000011' : 'A0000000012';
			expect((await ceremonyPage(chosen, '2026-06', NOW)).rows.map((r) => r.number)).toEqual([ownNumber]);
			const people = (await needsHelpPage(chosen, NOW)).people.map((p) => p.userId);
			expect(people).toContain(own === county.jinhe ? jia : bing);
			expect(people).not.toContain(own === county.jinhe ? bing : jia);
		}
		// A township of the county chosen: that township alone.
		const jinheOnly = await scope(`county=${demoCounty.id}&township=${county.jinhe}`);
		expect(jinheOnly).toBe(county.jinhe);
		expect((await needsHelpPage(jinheOnly, NOW)).township).toBe('金河镇');
	});
});

describe('household search', () => {
	it("finds a township's households by head's name, part of the number or a member's name, and no others", async () => {
		const home = await homeOf(county.jinhe);
		await learner(county.jinhe, '欧阳明月');
		expect((await searchHouseholds(county.jinhe, home.headName)).map((h) => h.id)).toContain(home.id);
		expect((await searchHouseholds(county.jinhe, home.code.slice(-6))).map((h) => h.id)).toContain(home.id);
		const byMember = await searchHouseholds(county.jinhe, '明月');
		expect(byMember.map((h) => h.id)).toEqual([home.id]);
		expect(byMember[0].members).toContain('欧阳明月');
		// The same words from another township's staff find nothing of 金河镇.
		expect(await searchHouseholds(county.tongchang, home.code)).toEqual([]);
		expect(await searchHouseholds(county.tongchang, '明月')).toEqual([]);
		// Wildcards are plain characters; an empty search finds nothing.
		expect(await searchHouseholds(county.jinhe, '%')).toEqual([]);
		expect(await searchHouseholds(county.jinhe, '  ')).toEqual([]);
	});
});
