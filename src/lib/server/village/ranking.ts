// Villages compared with each other, month by month: the healthy competition of issue 16. Figures per village
// only (never a learner's name), the same for the village page learners see, township staff and the county.
// Months are China calendar months (chinaMonthStart); every query reads an index range of the month(s) asked.
import { and, asc, eq, sql } from 'drizzle-orm';
import { chinaIsoDay } from '../../dates.ts';
import { db, perDatabase } from '../db/index.ts';
import { townships, villages } from '../db/schema.ts';
import { chinaMonthStart, learnerCounts } from '../records/dashboard.ts';
import { scopeKey, townshipIn, type RecordsScope } from '../records/scope.ts';
import { dbTime, first, inList, rawRows } from '../db/dialect.ts';

/** What a village did in one month, and where it stood at the month's end (or now, for this month). */
export interface VillageMonth {
	/** Households with at least one learner holding a valid certificate. */
	certifiedHouseholds: number;
	/** certifiedHouseholds over the village's households with a learner; 0..1. */
	share: number;
	/** Lessons completed in the month (each learner's lesson once). */
	lessons: number;
	/** Certificates issued in the month and still valid. */
	certificates: number;
	/** 1 for the village ahead; villages with the same figures share a rank. */
	rank: number;
}

export interface VillageRank {
	villageId: number;
	village: string;
	townshipId: number;
	township: string;
	/** Households with at least one learner. */
	households: number;
	current: VillageMonth;
	previous: VillageMonth;
}

export interface VillageRanking {
	/** This China month, YYYY-MM. */
	month: string;
	villages: VillageRank[];
}

type Counts = Map<number, number>;
const toMap = (rows: { villageId: number | null; n: number }[]): Counts =>
	new Map(rows.filter((r) => r.villageId !== null).map((r) => [r.villageId!, Number(r.n)]));

const townshipOfUser = (scope: RecordsScope) =>
	scope === null ? sql`` : sql`and ${townshipIn(sql`u.township_id`, scope)}`;
/**
 * A county's townships (a list): their completions are read through the (county, time) index, the month's of that
 * county only, instead of the month's of every county by course (a province's county took 94 ms so).
 */
const countyOfCompletion = (scope: RecordsScope) =>
	Array.isArray(scope)
		? sql`and lc.county_id in (select t.county_id from townships t where ${townshipIn(sql`t.id`, scope)})`
		: sql``;
const townshipOfCertificate = (scope: RecordsScope) =>
	scope === null ? sql`` : sql`and ${townshipIn(sql`c.township_id`, scope)}`;

/** Households of each village with a valid certificate at the instant `at` (issued before, not revoked by then). */
async function certifiedHouseholdsAt(scope: RecordsScope, at: Date): Promise<Counts> {
	return toMap(
		await rawRows(
			db,
			sql`select h.village_id as "villageId", count(distinct u.household_id) as n
			from certificates c
			join users u on u.id = c.user_id
			join households h on h.id = u.household_id
			where c.issued_at < ${dbTime(at)} and (c.revoked_at is null or c.revoked_at >= ${dbTime(at)})
				${townshipOfCertificate(scope)} and u.role = 'learner'
			group by h.village_id`
		)
	);
}

/**
 * The course slugs the lesson completions hold, one index probe each (a loose scan of their course index): a
 * handful of courses, where a DISTINCT would read every completion.
 */
async function completedCourses(): Promise<string[]> {
	const rows = await rawRows<{ slug: string | null }>(
		db,
		sql`with recursive courses(slug) as (
			select min(course_slug) from lesson_completions
			union all
			select (select min(lc.course_slug) from lesson_completions lc where lc.course_slug > courses.slug)
			from courses where courses.slug is not null
		) select slug from courses where slug is not null`
	);
	return rows.map((r) => r.slug!);
}

/**
 * Lessons completed per village in [from, to). A township's are read through its learners (their completions by
 * time); a county's of several (a list of townships) through the (county, time) index; a whole database's from the
 * completions' (course, time) index, course by course, instead of every completion.
 * Counted per household first, each household's village then looked up once: joining every household (400,000
 * in a province) to find a township's 2,000 took PostgreSQL ten times as long as the counting. Learners without a
 * household come out under village null, which toMap leaves out (as the join did).
 */
async function lessonsBetween(scope: RecordsScope, from: Date, to: Date): Promise<Counts> {
	const courses = scope === null ? await completedCourses() : [];
	if (scope === null && courses.length === 0) return new Map();
	return toMap(
		await rawRows(
			db,
			sql`select (select h.village_id from households h where h.id = per_household.household_id) as "villageId",
				sum(per_household.n) as n
			from (
				select u.household_id, count(*) as n
				from lesson_completions lc
				join users u on u.id = lc.user_id
				where lc.completed_at >= ${dbTime(from)} and lc.completed_at < ${dbTime(to)}
					${scope === null ? sql`and ${inList(sql`lc.course_slug`, courses)}` : sql``}
					${countyOfCompletion(scope)} and u.role = 'learner' ${townshipOfUser(scope)}
				group by u.household_id
			) per_household
			group by 1`
		)
	);
}

/** Certificates issued per village in [from, to) that are still valid. */
async function certificatesBetween(scope: RecordsScope, from: Date, to: Date): Promise<Counts> {
	return toMap(
		await rawRows(
			db,
			sql`select h.village_id as "villageId", count(*) as n
			from certificates c
			join users u on u.id = c.user_id
			join households h on h.id = u.household_id
			where c.issued_at >= ${dbTime(from)} and c.issued_at < ${dbTime(to)} and c.revoked_at is null
				${townshipOfCertificate(scope)} and u.role = 'learner'
			group by h.village_id`
		)
	);
}

/**
 * Ranks in place by certified-household share, then lessons of the month, then new certificates: the share is
 * the lasting result, the month's work breaks ties (and moves a village up before its certificates come).
 */
function assignRanks(months: VillageMonth[]): void {
	const key = (m: VillageMonth) => [m.share, m.lessons, m.certificates];
	const sorted = [...months].sort((a, b) => {
		const [x, y] = [key(a), key(b)];
		return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
	});
	sorted.forEach((m, i) => {
		const before = sorted[i - 1];
		m.rank = before && key(before).every((v, k) => v === key(m)[k]) ? before.rank : i + 1;
	});
}

type MonthFigures = { certified: Counts; lessons: Counts; certificates: Counts };

// Last month's figures barely move once it is over (only a late offline sync or a revocation changes them), and
// for the county they take about a second to count: each process keeps them for a while, per scope and month,
// so the dashboards that show the ranking stay within their budget. Per database, as the records' counts are (a
// test's fresh one starts empty).
const PREVIOUS_KEPT_MS = 10 * 60_000;
const previousKept = perDatabase<string, { until: number; figures: MonthFigures }>();

async function previousMonthFigures(
	scope: RecordsScope,
	lastMonth: Date,
	thisMonth: Date,
	now: Date
): Promise<MonthFigures> {
	const byScope = previousKept();
	const key = `${scopeKey(scope)}:${thisMonth.getTime()}`;
	const kept = byScope.get(key);
	if (kept && kept.until > now.getTime()) return kept.figures;
	const figures = {
		certified: await certifiedHouseholdsAt(scope, thisMonth),
		lessons: await lessonsBetween(scope, lastMonth, thisMonth),
		certificates: await certificatesBetween(scope, lastMonth, thisMonth)
	};
	byScope.set(key, { until: now.getTime() + PREVIOUS_KEPT_MS, figures });
	return figures;
}

/** Forgets the kept figures of earlier months (tests that change them in place). */
export function forgetKeptRankings(): void {
	previousKept().clear();
}

/**
 * Every village of the scope (a township, a county's townships, or the whole database: null) ranked for this China month and the one before.
 * Households are today's households with a learner for both months: the share moves with certificates only.
 */
export async function villageRanking(
	scope: RecordsScope,
	now = new Date(),
	known?: Awaited<ReturnType<typeof learnerCounts>>
): Promise<VillageRanking> {
	const households = known ?? (await learnerCounts(scope, now));
	const thisMonth = chinaMonthStart(now);
	const lastMonth = chinaMonthStart(now, 1);
	const list = await db
		.select({
			villageId: villages.id,
			village: villages.name,
			townshipId: villages.townshipId,
			township: townships.name
		})
		.from(villages)
		.innerJoin(townships, eq(villages.townshipId, townships.id))
		.where(townshipIn(villages.townshipId, scope))
		.orderBy(asc(townships.code), asc(villages.code));
	const figures = {
		current: {
			// Today's certified households come with the learner counts (users.valid_certificates), read anyway;
			// only last month's end needs the certificates themselves (about 1 s for the bench county, 20 ms a township).
			certified: new Map([...households].flatMap(([id, c]) => (id === null ? [] : [[id, c.certifiedHouseholds]]))),
			lessons: await lessonsBetween(scope, thisMonth, now),
			certificates: await certificatesBetween(scope, thisMonth, now)
		},
		previous: await previousMonthFigures(scope, lastMonth, thisMonth, now)
	};
	const ranked = list.map((v): VillageRank => {
		const homes = households.get(v.villageId)?.households ?? 0;
		const month = (f: MonthFigures): VillageMonth => {
			const certifiedHouseholds = f.certified.get(v.villageId) ?? 0;
			return {
				certifiedHouseholds,
				share: homes ? Math.min(1, certifiedHouseholds / homes) : 0,
				lessons: f.lessons.get(v.villageId) ?? 0,
				certificates: f.certificates.get(v.villageId) ?? 0,
				rank: 0
			};
		};
		return { ...v, households: homes, current: month(figures.current), previous: month(figures.previous) };
	});
	assignRanks(ranked.map((v) => v.current));
	assignRanks(ranked.map((v) => v.previous));
	ranked.sort((a, b) => a.current.rank - b.current.rank || a.village.localeCompare(b.village, 'zh-CN'));
	return { month: chinaIsoDay(thisMonth).slice(0, 7), villages: ranked };
}

/** The ranking of one village's township, or null when the village does not exist. */
export async function townshipRankingOfVillage(villageId: number, now = new Date()): Promise<VillageRanking | null> {
	const village = await first(
		db
			.select({ townshipId: villages.townshipId })
			.from(villages)
			.where(and(eq(villages.id, villageId)))
	);
	return village ? await villageRanking(village.townshipId, now) : null;
}
