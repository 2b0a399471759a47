// The township dashboard: every query is limited to the learners of one township, of one county's townships (a
// province's database), or of the whole database (null: a county's install).
import { and, asc, count, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { CHINA_OFFSET_MS, chinaIsoDay } from '../../dates.ts';
import { listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { ROLES, certificates, households, learnerCourses, users, villages } from '../db/schema.ts';
import { learnerScope } from './rows.ts';
import { dbTime, first, rawRows } from '../db/dialect.ts';
import { townshipIn, type RecordsScope } from './scope.ts';

/** A township id, or null for the whole county (the printouts and the follow-up list). */
export type Scope = number | null;

const DAY = 86_400_000;
/** "Active" means any learning event (lesson, practice answer, exam) in the last 30 days, by the learner's clock. */
export const ACTIVE_DAYS = 30;

/** The start of the China-time month `monthsBack` months before the one holding `now`, as an instant. */
export function chinaMonthStart(now: Date, monthsBack = 0): Date {
	const china = new Date(now.getTime() + CHINA_OFFSET_MS);
	return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - monthsBack, 1) - CHINA_OFFSET_MS);
}

const scoped = (scope: RecordsScope) => learnerScope({ townshipId: scope });
/**
 * Certificates are counted where they were issued: `certificates.township_id` is the learner's township at
 * issue (only learners earn them, and learners do not change township), so no join with the users is needed.
 */
const certificateScope = (scope: RecordsScope) =>
	and(isNull(certificates.revokedAt), townshipIn(certificates.townshipId, scope));

/**
 * The households joined to a scope's learners, limited to the villages of its townships (a learner's household
 * is in the learner's township, so only the lookup changes): PostgreSQL then reads a county's 40,000 households
 * through the villages' index instead of hashing all 400,000 of a province (the county's learner counts took
 * 150 ms, 85 ms so). The whole database (null) joins them all.
 */
const householdsOfScope = (scope: RecordsScope) =>
	scope === null
		? sql``
		: sql`and ${households.villageId} in (select ${villages.id} from ${villages} where ${townshipIn(villages.townshipId, scope)})`;

export interface LearnerCounts {
	learners: number;
	households: number;
	/** Learners with any learning event in the last {@link ACTIVE_DAYS} days. */
	active: number;
	/** Learners holding at least one valid certificate. */
	certified: number;
	/** Households with at least one such learner. */
	certifiedHouseholds: number;
}

/**
 * The scope's learners counted per village (key null: learners without a household) in one pass over the users
 * index: grouped by household first, so households and certified households come out of the same reading.
 * The overview and the by-village table share it.
 */
export async function learnerCounts(scope: RecordsScope, now = new Date()): Promise<Map<number | null, LearnerCounts>> {
	const since = dbTime(new Date(now.getTime() - ACTIVE_DAYS * DAY));
	const rows = await rawRows<LearnerCounts & { villageId: number | null }>(
		db,
		sql`select ${households.villageId} as "villageId", sum(per_household.learners) as learners,
			count(per_household.household_id) as households, sum(per_household.active) as active,
			sum(per_household.certified) as certified,
			sum(case when per_household.certified > 0 and per_household.household_id is not null then 1 else 0 end) as "certifiedHouseholds"
		from (
			select ${users.householdId} as household_id, count(*) as learners,
				sum(case when ${users.lastActiveAt} >= ${since} then 1 else 0 end) as active,
				sum(case when ${users.validCertificates} > 0 then 1 else 0 end) as certified
			from ${users} where ${scoped(scope)}
			group by ${users.townshipId}, ${users.householdId}
		) per_household
		left join ${households} on ${households.id} = per_household.household_id ${householdsOfScope(scope)}
		group by ${households.villageId}`
	);
	// PostgreSQL's sums and counts are bigints, which node-postgres hands over as text.
	return new Map(
		rows.map((r) => [
			r.villageId,
			{
				learners: Number(r.learners),
				households: Number(r.households),
				active: Number(r.active),
				certified: Number(r.certified),
				certifiedHouseholds: Number(r.certifiedHouseholds)
			}
		])
	);
}

export interface Overview {
	learners: number;
	households: number;
	activeLearners: number;
	certificatesThisMonth: number;
	certificates: number;
	/** Households with at least one member holding a valid certificate, over households with a learner; 0..1. */
	certifiedHouseholdShare: number;
	/** Oldest first; `month` is YYYY-MM in China time. */
	certificatesByMonth: { month: string; count: number }[];
}

/** Headline numbers; certificates count only those not revoked (matching the records' 'certified' status). */
export async function overview(
	scope: RecordsScope,
	now = new Date(),
	known?: Map<number | null, LearnerCounts>
): Promise<Overview> {
	const counts = known ?? (await learnerCounts(scope, now));
	const enrolled = { learners: 0, households: 0, active: 0, certifiedHouseholds: 0 };
	for (const c of counts.values()) {
		enrolled.learners += c.learners;
		enrolled.households += c.households;
		enrolled.active += c.active;
		enrolled.certifiedHouseholds += c.certifiedHouseholds;
	}
	const { active, certifiedHouseholds } = enrolled;
	// The last twelve China-time months, oldest first, and the start of the next one.
	const bounds = Array.from({ length: 13 }, (_, i) => chinaMonthStart(now, 11 - i));
	// One count per month, each a range of the (township,) issued-at index: every certificate of the year is
	// visited once, and no expression is worked out per row (a CASE over the months took four times as long).
	const perMonth: number[] = [];
	for (const [i, from] of bounds.slice(0, 12).entries())
		perMonth.push(
			(await first(
				db
					.select({ n: count() })
					.from(certificates)
					.where(
						and(certificateScope(scope), gte(certificates.issuedAt, from), lt(certificates.issuedAt, bounds[i + 1]))
					)
			))!.n
		);
	// All of them: the months' counts and the two ranges around them (before the first month, after this one),
	// so each certificate is read once; counting them all again read the province's 760,000 a second time.
	const outside = async (range: SQL) =>
		(await first(
			db
				.select({ n: count() })
				.from(certificates)
				.where(and(certificateScope(scope), range))
		))!.n;
	const all =
		(await outside(lt(certificates.issuedAt, bounds[0]))) +
		perMonth.reduce((n, m) => n + m, 0) +
		(await outside(gte(certificates.issuedAt, bounds[12])));
	const certificatesByMonth = perMonth.map((n, i) => ({
		month: chinaIsoDay(bounds[i]).slice(0, 7),
		count: n
	}));
	return {
		learners: enrolled.learners,
		households: enrolled.households,
		activeLearners: active,
		certificatesThisMonth: certificatesByMonth[11].count,
		certificates: all,
		certifiedHouseholdShare: enrolled.households ? certifiedHouseholds / enrolled.households : 0,
		certificatesByMonth
	};
}

export interface VillageStats {
	villageId: number;
	village: string;
	townshipId: number;
	learners: number;
	activeLearners: number;
	certifiedLearners: number;
}

/** Per village of the scope (villages without learners included): enrolled, active in 30 days, certified. */
export async function byVillage(
	scope: RecordsScope,
	now = new Date(),
	known?: Map<number | null, LearnerCounts>
): Promise<VillageStats[]> {
	const counts = known ?? (await learnerCounts(scope, now));
	return (
		await db
			.select({ villageId: villages.id, village: villages.name, townshipId: villages.townshipId })
			.from(villages)
			.where(townshipIn(villages.townshipId, scope))
			.orderBy(asc(villages.code))
	).map((v) => {
		const c = counts.get(v.villageId);
		return {
			...v,
			learners: c?.learners ?? 0,
			activeLearners: c?.active ?? 0,
			certifiedLearners: c?.certified ?? 0
		};
	});
}

export interface CourseStats {
	courseSlug: string;
	title: string;
	started: number;
	/** Learners who completed every lesson of the course's current version. */
	completed: number;
	attempted: number;
	passed: number;
	/** passed / attempted, or null when nobody has tried the exam. */
	passRate: number | null;
	/** The mean over learners of their best exam score, or null. */
	averageBestScore: number | null;
}

/**
 * Per course in the content index: started, completed, exam pass rate and average best score. With
 * `onlyCourse`, that course alone (read from its part of the index).
 */
export async function byCourse(scope: RecordsScope, onlyCourse?: string): Promise<CourseStats[]> {
	const course = onlyCourse === undefined ? undefined : eq(learnerCourses.courseSlug, onlyCourse);
	// From the learner-course summary, down to a few rows per course (one per number of lessons done).
	const figures = {
		course: learnerCourses.courseSlug,
		lessons: learnerCourses.lessonsDone,
		learners: count(),
		attempted: sql<number>`sum(case when ${learnerCourses.attempts} > 0 then 1 else 0 end)`.mapWith(Number),
		passed: sql<number>`sum(case when ${learnerCourses.passedAttempts} > 0 then 1 else 0 end)`.mapWith(Number),
		bestSum: sql<number | null>`sum(${learnerCourses.bestScore})`.mapWith(Number)
	};
	type Group = {
		course: string;
		lessons: number;
		learners: number;
		attempted: number;
		passed: number;
		bestSum: number | null;
	};
	let groups: Group[];
	if (scope === null) {
		// The county: every learner's rows, read from the summary's course index alone, less the rows of the few
		// others (trainers and staff trying a course), read through their accounts. Subtracting them is cheaper
		// than leaving them out row by row (a NOT IN over 180,000 rows took half the time of the whole query).
		const everyone = await db
			.select(figures)
			.from(learnerCourses)
			.where(course)
			.groupBy(learnerCourses.courseSlug, learnerCourses.lessonsDone);
		const others = await db
			.select(figures)
			.from(users)
			.innerJoin(learnerCourses, eq(learnerCourses.userId, users.id))
			.where(
				and(
					course,
					inArray(
						users.role,
						ROLES.filter((r) => r !== 'learner')
					)
				)
			)
			.groupBy(learnerCourses.courseSlug, learnerCourses.lessonsDone);
		groups = everyone.map((g) => {
			const o = others.find((x) => x.course === g.course && x.lessons === g.lessons);
			if (!o) return g;
			return {
				...g,
				learners: g.learners - o.learners,
				attempted: g.attempted - o.attempted,
				passed: g.passed - o.passed,
				bestSum: g.bestSum === null ? null : g.bestSum - (o.bestSum ?? 0)
			};
		});
	} else {
		// A township's or a county's: its learners' rows alone, through the summary's township index (the rows of
		// staff and trainers carry none). Joined with the learners instead, PostgreSQL hashed every row of a
		// province's summary (1.8 million) for one county's figures.
		groups = await db
			.select(figures)
			.from(learnerCourses)
			.where(and(course, townshipIn(learnerCourses.townshipId, scope)))
			.groupBy(learnerCourses.courseSlug, learnerCourses.lessonsDone);
	}
	const courses = (await listCourses()).filter((c) => onlyCourse === undefined || c.slug === onlyCourse);
	return courses.map((course) => {
		const rows = groups.filter((g) => g.course === course.slug);
		const sum = (pick: (g: (typeof rows)[number]) => number) => rows.reduce((n, g) => n + pick(g), 0);
		const attempted = sum((g) => g.attempted);
		const passed = sum((g) => g.passed);
		return {
			courseSlug: course.slug,
			title: course.title,
			started: sum((g) => g.learners),
			completed: sum((g) => (g.lessons >= course.lessonCount ? g.learners : 0)),
			attempted,
			passed,
			passRate: attempted ? passed / attempted : null,
			averageBestScore: attempted ? sum((g) => g.bestSum ?? 0) / attempted : null
		};
	});
}
