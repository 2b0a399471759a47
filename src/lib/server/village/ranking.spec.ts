import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { certificates, households, users, villages } from '../db/schema.ts';
import { seedCounty } from '../enrolment/test-helpers.ts';
import { noteCertificate } from '../learning/summary.ts';
import { applyEvents } from '../sync/apply.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { learnerVillageView } from './learner-view.ts';
import { forgetKeptRankings, villageRanking } from './ranking.ts';
import { setShowAsStar, showsAsStar, villageStars } from './stars.ts';
import { first } from '../db/dialect.ts';

// 10:00 on 1 December in China; 02:00 UTC the same day.
const NOW = new Date('2026-12-01T02:00:00Z');
const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let county: Awaited<ReturnType<typeof seedCounty>>;
let n = 0;

beforeEach(async () => {
	forgetKeptRankings();
	env = await useFreshDatabase();
	county = await seedCounty(env.db);
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
});
afterEach(() => env.cleanup());

const villageId = async (code: string) =>
	(await first(env.db.select().from(villages).where(eq(villages.code, code))))!.id;
/** The learner (head of household) of household `i` (1..6) of a village. */
const learnerOf = async (villageCode: string, i: number) =>
	(await first(
		env.db
			.select({ id: users.id, name: users.name })
			.from(users)
			.innerJoin(households, eq(users.householdId, households.id))
			.where(eq(households.code, `${villageCode}${String(i).padStart(3, '0')}`))
	))!;

/** Lessons completed by a learner at `at` (the phone's time), arriving an hour later. */
async function learn(userId: number, count: number, at: Date, from = 0, courseSlug = COURSE) {
	const course = (await getCourse(courseSlug))!;
	const contentVersion = course.version;
	const slugs = course.lessons.map((l) => l.slug);
	const events = slugs.slice(from, from + count).map((lessonSlug) => ({
		id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
		userId,
		kind: 'lesson_completed',
		courseSlug,
		lessonSlug,
		contentVersion,
		clientAt: at.toISOString()
	}));
	const { outcomes } = await applyEvents(
		{ id: userId },
		events,
		'https://learn.example.cn',
		new Date(at.getTime() + 3_600_000)
	);
	expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
}

async function certify(userId: number, issuedAt: Date, revokedAt: Date | null = null, townshipId = county.jinhe) {
	await env.db.insert(certificates).values({
		number: `T${++n}`,
		userId,
		courseSlug: `course-${n}`,
		courseTitle: 'x',
		contentVersion: 'v',
		score: 90,
		townshipId,
		issuedAt,
		revokedAt
	});
	// What issuing (and revoking) keeps with the learner, as the certificates code does.
	if (!revokedAt) await noteCertificate(env.db, userId, 1);
}

const MAAN = '532530101201';
const MENGLA = '532530101202';
const LAOZHAI = '532530101203';

describe('villageRanking', () => {
	it('counts by China month: 00:30 on the 1st is this month, 23:30 on the 30th is last month', async () => {
		const a = await learnerOf(MAAN, 1);
		await learn(a.id, 2, new Date('2026-11-30T16:30:00Z')); // 1 Dec 00:30 China
		await learn(a.id, 3, new Date('2026-11-30T15:30:00Z'), 2); // 30 Nov 23:30 China
		await learn((await learnerOf(MAAN, 2)).id, 1, new Date('2026-10-31T16:10:00Z')); // 1 Nov 00:10 China: last month
		await learn((await learnerOf(MAAN, 3)).id, 1, new Date('2026-10-31T15:50:00Z')); // 31 Oct China: neither
		await certify(a.id, new Date('2026-11-30T16:05:00Z')); // this month
		await certify((await learnerOf(MAAN, 2)).id, new Date('2026-11-30T15:55:00Z')); // last month
		await certify((await learnerOf(MAAN, 3)).id, new Date('2026-11-30T17:00:00Z'), new Date('2026-11-30T18:00:00Z')); // revoked

		const { month, villages: ranked } = await villageRanking(county.jinhe, NOW);
		expect(month).toBe('2026-12');
		const maanId = await villageId(MAAN);
		const maan = ranked.find((v) => v.villageId === maanId)!;
		expect(maan.households).toBe(6);
		expect(maan.current).toMatchObject({ lessons: 2, certificates: 1, certifiedHouseholds: 2, share: 2 / 6 });
		// At the end of November: one certified household (the December one not yet, the revoked one not at all).
		expect(maan.previous).toMatchObject({ lessons: 4, certificates: 1, certifiedHouseholds: 1 });
	});

	it('ranks villages of the township only, with last month’s rank for the change', async () => {
		// Last month 老寨村 was ahead on lessons; this month 勐拉村 has a certified household and leads.
		await learn((await learnerOf(LAOZHAI, 1)).id, 4, new Date('2026-11-10T04:00:00Z'));
		await learn((await learnerOf(MENGLA, 1)).id, 1, new Date('2026-11-12T04:00:00Z'));
		await certify((await learnerOf(MENGLA, 1)).id, new Date('2026-11-30T20:00:00Z'));
		await learn((await learnerOf(MAAN, 4)).id, 2, new Date('2026-11-30T23:00:00Z'));

		const ranked = (await villageRanking(county.jinhe, NOW)).villages;
		expect(ranked.map((v) => v.village)).toEqual(['勐拉村', '马鞍底村', '老寨村']);
		expect(ranked.map((v) => v.current.rank)).toEqual([1, 2, 3]);
		const previous = Object.fromEntries(ranked.map((v) => [v.village, v.previous.rank]));
		expect(previous).toEqual({ 老寨村: 1, 勐拉村: 2, 马鞍底村: 3 });
		expect(ranked.every((v) => v.townshipId === county.jinhe)).toBe(true);
	});

	it('keeps last month’s figures for ten minutes and this month’s never', async () => {
		const maanId = await villageId(MAAN);
		const maan = async () => (await villageRanking(county.jinhe, later)).villages.find((v) => v.villageId === maanId)!;
		let later = NOW;
		expect((await maan()).previous.lessons).toBe(0);
		// A phone that was offline sends November's lessons late, and a December lesson arrives too.
		await learn((await learnerOf(MAAN, 1)).id, 2, new Date('2026-11-20T04:00:00Z'));
		await learn((await learnerOf(MAAN, 2)).id, 1, new Date(NOW.getTime() - 60_000));
		expect((await maan()).previous.lessons).toBe(0);
		expect((await maan()).current.lessons).toBe(1);
		later = new Date(NOW.getTime() + 10 * 60_000 + 1);
		expect((await maan()).previous.lessons).toBe(2);
	});

	it('gives villages with the same figures the same rank', async () => {
		const ranked = (await villageRanking(county.tongchang, NOW)).villages;
		expect(ranked).toHaveLength(2);
		expect(ranked.map((v) => v.current.rank)).toEqual([1, 1]);
	});

	it('ranks every village of the county for the county view', async () => {
		await certify((await learnerOf('532530102202', 1)).id, new Date('2026-11-30T20:00:00Z'), null, county.tongchang);
		const ranked = (await villageRanking(null, NOW)).villages;
		expect(ranked).toHaveLength(5);
		expect(ranked[0]).toMatchObject({ village: '大坪村', township: '铜厂乡', current: { rank: 1 } });
	});

	it('counts the county’s lessons of the month per village, every course, as its townships do', async () => {
		const DAPING = '532530102202';
		await learn((await learnerOf(MAAN, 1)).id, 2, new Date('2026-11-30T20:00:00Z'));
		await learn((await learnerOf(MAAN, 1)).id, 1, new Date('2026-11-30T21:00:00Z'), 0, 'shop-accounts');
		await learn((await learnerOf(MENGLA, 2)).id, 3, new Date('2026-11-30T22:00:00Z'), 0, 'phone-safety');
		await learn((await learnerOf(DAPING, 1)).id, 1, new Date('2026-11-30T23:00:00Z'), 0, 'shop-accounts');
		await learn((await learnerOf(DAPING, 2)).id, 2, new Date('2026-11-10T04:00:00Z')); // last month

		const lessonsOf = (ranking: Awaited<ReturnType<typeof villageRanking>>) =>
			Object.fromEntries(ranking.villages.map((v) => [v.villageId, [v.current.lessons, v.previous.lessons]]));
		const whole = lessonsOf(await villageRanking(null, NOW));
		expect(whole).toEqual({
			...lessonsOf(await villageRanking(county.jinhe, NOW)),
			...lessonsOf(await villageRanking(county.tongchang, NOW))
		});
		expect(whole[await villageId(MAAN)]).toEqual([3, 0]);
		expect(whole[await villageId(MENGLA)]).toEqual([3, 0]);
		expect(whole[await villageId(DAPING)]).toEqual([1, 2]);
		expect(whole[await villageId(LAOZHAI)]).toEqual([0, 0]);
	});
});

describe('stars of the month', () => {
	it('lists only learners who opted in and did something this month', async () => {
		const [a, b, c] = await Promise.all([1, 2, 3].map((i) => learnerOf(MAAN, i)));
		await learn(a.id, 2, new Date('2026-11-30T17:00:00Z'));
		await learn(b.id, 3, new Date('2026-11-30T17:00:00Z'));
		await learn(c.id, 1, new Date('2026-11-20T17:00:00Z')); // last month only
		expect(await showsAsStar(a.id)).toBe(false);
		await setShowAsStar(a.id, true, NOW);
		await setShowAsStar(c.id, true, NOW);
		expect(await villageStars(await villageId(MAAN), NOW)).toEqual([
			{ userId: a.id, name: a.name, lessons: 2, certificates: 0 }
		]);

		const view = (await learnerVillageView(b.id, NOW))!;
		expect(view.stars).toEqual([{ name: a.name, lessons: 2, certificates: 0 }]);
		expect(view.showAsStar).toBe(false);
		expect(view.village).toMatchObject({ name: '马鞍底村', current: { lessons: 5 } });
		expect(view.ranking.filter((v) => v.mine).map((v) => v.name)).toEqual(['马鞍底村']);
		// No other learner's name anywhere in what the learner is sent.
		const sent = JSON.stringify(view);
		const names = await env.db.select({ id: users.id, name: users.name }).from(users);
		for (const other of names.filter((u) => u.id !== a.id)) expect(sent).not.toContain(other.name);

		await setShowAsStar(a.id, false, NOW);
		expect(await villageStars(await villageId(MAAN), NOW)).toEqual([]);
	});
});
