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
	const certificatesByMonth = [];
	for (let back = 11; back >= 0; back--) {
		const from = chinaMonthStart(now, back);
		const month = new Date(from.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
		certificatesByMonth.push({ month, count: certificateCount(scope, from, chinaMonthStart(now, back - 1)) });
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
	const pairs = sql`select ${lessonCompletions.userId} as user_id, ${lessonCompletions.courseSlug} as course_slug, count(*) as lessons
		from ${lessonCompletions} group by 1, 2
		union all select ${examAttempts.userId}, ${examAttempts.courseSlug}, 0 from ${examAttempts} group by 1, 2`;
	const started = db.all<{ course: string; lessons: number }>(
		sql`select p.course_slug as course, max(p.lessons) as lessons from (${pairs}) p
			join ${users} on ${users.id} = p.user_id where ${scoped(scope)} group by p.user_id, p.course_slug`
	);
	const exams = db
		.select({
			course: examAttempts.courseSlug,
			best: sql<number>`max(${examAttempts.score})`,
			passed: sql<number>`max(case when ${examAttempts.passed} then 1 else 0 end)`
		})
		.from(examAttempts)
		.innerJoin(users, eq(examAttempts.userId, users.id))
		.where(scoped(scope))
		.groupBy(examAttempts.userId, examAttempts.courseSlug)
		.all();
	return listCourses().map((course) => {
		const mine = started.filter((p) => p.course === course.slug);
		const tried = exams.filter((e) => e.course === course.slug);
		const passed = tried.filter((e) => e.passed).length;
		return {
			courseSlug: course.slug,
			title: course.title,
			started: mine.length,
			completed: mine.filter((p) => p.lessons >= course.lessonCount).length,
			attempted: tried.length,
			passed,
			passRate: tried.length ? passed / tried.length : null,
			averageBestScore: tried.length ? tried.reduce((sum, e) => sum + e.best, 0) / tried.length : null
		};
	});
}
