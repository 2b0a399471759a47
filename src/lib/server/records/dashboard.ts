// The township dashboard: every query is limited to the learners of one township (or the county for null).
import { and, asc, count, countDistinct, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import {
	certificates,
	examAttempts,
	households,
	learningEvents,
	lessonCompletions,
	users,
	villages
} from '../db/schema.ts';
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
const activeSince = (since: Date) =>
	sql`exists (select 1 from ${learningEvents} where ${learningEvents.userId} = ${users.id} and ${learningEvents.clientAt} >= ${since.getTime()})`;

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
		.where(and(scoped(scope), activeSince(new Date(now.getTime() - ACTIVE_DAYS * DAY))))
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
	const perVillage = (extra?: ReturnType<typeof sql>) =>
		new Map(
			db
				.select({ villageId: households.villageId, n: countDistinct(users.id) })
				.from(users)
				.innerJoin(households, eq(users.householdId, households.id))
				.where(and(scoped(scope), extra))
				.groupBy(households.villageId)
				.all()
				.map((r) => [r.villageId, r.n])
		);
	const learners = perVillage();
	const active = perVillage(activeSince(since));
	const certified = perVillage(
		sql`exists (select 1 from ${certificates} where ${certificates.userId} = ${users.id} and ${certificates.revokedAt} is null)`
	);
	return db
		.select({ villageId: villages.id, village: villages.name, townshipId: villages.townshipId })
		.from(villages)
		.where(scope === null ? undefined : eq(villages.townshipId, scope))
		.orderBy(asc(villages.code))
		.all()
		.map((v) => ({
			...v,
			learners: learners.get(v.villageId) ?? 0,
			activeLearners: active.get(v.villageId) ?? 0,
			certifiedLearners: certified.get(v.villageId) ?? 0
		}));
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
	// Aggregated in SQL down to a few rows per course (a county has hundreds of thousands of learner-course pairs).
	const progress = db.all<{ course: string; lessons: number; learners: number }>(
		sql`select course, lessons, count(*) as learners from (
			select ${lessonCompletions.courseSlug} as course, count(*) as lessons
			from ${lessonCompletions} join ${users} on ${users.id} = ${lessonCompletions.userId}
			where ${scoped(scope)} group by ${lessonCompletions.userId}, ${lessonCompletions.courseSlug}
		) group by course, lessons`
	);
	// Learners who tried the exam without a lesson recorded (a course that does not require them) started it too.
	const examOnly = db.all<{ course: string; learners: number }>(
		sql`select ${examAttempts.courseSlug} as course, count(distinct ${examAttempts.userId}) as learners
			from ${examAttempts} join ${users} on ${users.id} = ${examAttempts.userId}
			where ${scoped(scope)} and not exists (select 1 from ${lessonCompletions} c
				where c.user_id = ${examAttempts.userId} and c.course_slug = ${examAttempts.courseSlug})
			group by ${examAttempts.courseSlug}`
	);
	const exams = db.all<{ course: string; attempted: number; passed: number; average: number | null }>(
		sql`select course, count(*) as attempted, sum(passed) as passed, avg(best) as average from (
			select ${examAttempts.courseSlug} as course, max(${examAttempts.score}) as best,
				max(case when ${examAttempts.passed} then 1 else 0 end) as passed
			from ${examAttempts} join ${users} on ${users.id} = ${examAttempts.userId}
			where ${scoped(scope)} group by ${examAttempts.userId}, ${examAttempts.courseSlug}
		) group by course`
	);
	return listCourses().map((course) => {
		const rows = progress.filter((p) => p.course === course.slug);
		const tried = exams.find((e) => e.course === course.slug);
		const attempted = tried?.attempted ?? 0;
		const passed = tried?.passed ?? 0;
		return {
			courseSlug: course.slug,
			title: course.title,
			started:
				rows.reduce((n, r) => n + r.learners, 0) + (examOnly.find((e) => e.course === course.slug)?.learners ?? 0),
			completed: rows.filter((r) => r.lessons >= course.lessonCount).reduce((n, r) => n + r.learners, 0),
			attempted,
			passed,
			passRate: attempted ? passed / attempted : null,
			averageBestScore: attempted ? (tried?.average ?? null) : null
		};
	});
}
