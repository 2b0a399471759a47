// The township dashboard: every query is limited to the learners of one township (or the county for null).
import { and, asc, count, countDistinct, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { certificates, households, learnerCourses, users, villages } from '../db/schema.ts';
import { learnerScope } from './rows.ts';

/** A township id, or null for the whole county (admins). */
export type Scope = number | null;

const DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** "Active" means any learning event (lesson, practice answer, exam) in the last 30 days, by the learner's clock. */
export const ACTIVE_DAYS = 30;

/** The start of the China-time month `monthsBack` months before the one holding `now`, as an instant. */
export function chinaMonthStart(now: Date, monthsBack = 0): Date {
	const china = new Date(now.getTime() + CHINA_OFFSET_MS);
	return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - monthsBack, 1) - CHINA_OFFSET_MS);
}

const scoped = (scope: Scope) => learnerScope({ townshipId: scope });
const validCertificate = isNull(certificates.revokedAt);

function certificateCount(scope: Scope, from?: Date, to?: Date): number {
	return db
		.select({ n: count() })
		.from(certificates)
		.innerJoin(users, eq(certificates.userId, users.id))
		.where(
			and(
				scoped(scope),
				validCertificate,
				from ? gte(certificates.issuedAt, from) : undefined,
				to ? lt(certificates.issuedAt, to) : undefined
			)
		)
		.get()!.n;
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
export function overview(scope: Scope, now = new Date()): Overview {
	const enrolled = db
		.select({ learners: count(), households: countDistinct(users.householdId) })
		.from(users)
		.where(scoped(scope))
		.get()!;
	const active = db
		.select({ n: count() })
		.from(users)
		.where(and(scoped(scope), gte(users.lastActiveAt, new Date(now.getTime() - ACTIVE_DAYS * DAY))))
		.get()!.n;
	const certifiedHouseholds = db
		.select({ n: countDistinct(users.householdId) })
		.from(certificates)
		.innerJoin(users, eq(certificates.userId, users.id))
		.where(and(scoped(scope), validCertificate))
		.get()!.n;
	// One grouped query for the twelve months rather than one query each.
	const firstMonth = chinaMonthStart(now, 11);
	const counted = db.all<{ month: string; n: number }>(
		sql`select strftime('%Y-%m', ${certificates.issuedAt} / 1000 + ${CHINA_OFFSET_MS / 1000}, 'unixepoch') as month,
			count(*) as n
			from ${certificates} join ${users} on ${users.id} = ${certificates.userId}
			where ${scoped(scope)} and ${validCertificate} and ${certificates.issuedAt} >= ${firstMonth.getTime()}
			group by 1`
	);
	const certificatesByMonth = [];
	for (let back = 11; back >= 0; back--) {
		const from = chinaMonthStart(now, back);
		const month = new Date(from.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
		certificatesByMonth.push({ month, count: counted.find((c) => c.month === month)?.n ?? 0 });
	}
	return {
		learners: enrolled.learners,
		households: enrolled.households,
		activeLearners: active,
		certificatesThisMonth: certificatesByMonth[11].count,
		certificates: certificateCount(scope),
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
export function byVillage(scope: Scope, now = new Date()): VillageStats[] {
	const since = new Date(now.getTime() - ACTIVE_DAYS * DAY);
	// One pass over the scope's learners (the users index carries township, household and last activity).
	const counts = new Map(
		db
			.select({
				villageId: households.villageId,
				learners: count(),
				active: sql<number>`sum(case when ${users.lastActiveAt} >= ${since.getTime()} then 1 else 0 end)`,
				certified: sql<number>`sum(case when exists (select 1 from ${certificates} where ${certificates.userId} = ${users.id} and ${certificates.revokedAt} is null) then 1 else 0 end)`
			})
			.from(users)
			.innerJoin(households, eq(households.id, users.householdId))
			.where(scoped(scope))
			.groupBy(households.villageId)
			.all()
			.map((r) => [r.villageId, r])
	);
	return db
		.select({ villageId: villages.id, village: villages.name, townshipId: villages.townshipId })
		.from(villages)
		.where(scope === null ? undefined : eq(villages.townshipId, scope))
		.orderBy(asc(villages.code))
		.all()
		.map((v) => {
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

/** Per course in the content index: started, completed, exam pass rate and average best score. */
export function byCourse(scope: Scope): CourseStats[] {
	// From the learner-course summary, down to a few rows per course (one per number of lessons done).
	const groups = db
		.select({
			course: learnerCourses.courseSlug,
			lessons: learnerCourses.lessonsDone,
			learners: count(),
			attempted: sql<number>`sum(case when ${learnerCourses.attempts} > 0 then 1 else 0 end)`,
			passed: sql<number>`sum(case when ${learnerCourses.passedAttempts} > 0 then 1 else 0 end)`,
			bestSum: sql<number | null>`sum(${learnerCourses.bestScore})`
		})
		.from(learnerCourses)
		.innerJoin(users, eq(users.id, learnerCourses.userId))
		.where(scoped(scope))
		.groupBy(learnerCourses.courseSlug, learnerCourses.lessonsDone)
		.all();
	return listCourses().map((course) => {
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
