// Dashboard views of people: who needs help, a village's households, one learner's timeline. Always scoped.
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { db } from '../db/index.ts';
import {
	certificates,
	examAttempts,
	households,
	learnerCourses,
	learningEvents,
	lessonCompletions,
	users,
	villages
} from '../db/schema.ts';
import { ACTIVE_DAYS } from './dashboard.ts';
import { scopeHolds, type RecordsScope } from './scope.ts';
import { learnerScope } from './rows.ts';
import { first } from '../db/dialect.ts';

const DAY = 86_400_000;
/** Failed a course's exam at least twice and never passed it (the same words as the partial index on it). */
const failedTwice = sql`${learnerCourses.passedAttempts} = 0 and ${learnerCourses.attempts} >= 2`;

export type HelpReason =
	{ kind: 'inactive'; lastActiveAt: Date } | { kind: 'failed_exam'; courseSlug: string; failures: number };

export interface NeedsHelp {
	userId: number;
	name: string;
	householdCode: string | null;
	village: string | null;
	reasons: HelpReason[];
}

/**
 * Learners who started but have had no event for 30 days, and learners who failed a course's exam twice or more
 * without passing it yet. At most `limit` learners, longest inactive first.
 */
export async function needsHelp(scope: RecordsScope, now = new Date(), limit = 500): Promise<NeedsHelp[]> {
	const since = new Date(now.getTime() - ACTIVE_DAYS * DAY);
	const people = new Map<number, NeedsHelp>();
	const person = (r: { userId: number; name: string; householdCode: string | null; village: string | null }) => {
		if (!people.has(r.userId)) people.set(r.userId, { ...r, reasons: [] });
		return people.get(r.userId)!;
	};
	const base = {
		userId: users.id,
		name: users.name,
		householdCode: households.code,
		village: villages.name
	};
	// Read off the users index on (role, township, last activity); learners who never started are not listed.
	const inactive = await db
		.select({ ...base, last: users.lastActiveAt })
		.from(users)
		.leftJoin(households, eq(users.householdId, households.id))
		.leftJoin(villages, eq(households.villageId, villages.id))
		.where(and(learnerScope({ townshipId: scope }), lt(users.lastActiveAt, since)))
		.orderBy(asc(users.lastActiveAt))
		.limit(limit);
	for (const r of inactive) person(r).reasons.push({ kind: 'inactive', lastActiveAt: r.last! });

	const failing = await db
		.select({ ...base, courseSlug: learnerCourses.courseSlug, failures: learnerCourses.attempts })
		.from(learnerCourses)
		.innerJoin(users, eq(learnerCourses.userId, users.id))
		.leftJoin(households, eq(users.householdId, households.id))
		.leftJoin(villages, eq(households.villageId, villages.id))
		.where(and(learnerScope({ townshipId: scope }), failedTwice))
		.orderBy(asc(learnerCourses.userId), asc(learnerCourses.courseSlug))
		.limit(limit);
	for (const r of failing) {
		if (people.size >= limit && !people.has(r.userId)) break;
		person(r).reasons.push({ kind: 'failed_exam', courseSlug: r.courseSlug, failures: r.failures });
	}
	return [...people.values()];
}

export interface HouseholdView {
	householdId: number;
	code: string;
	headName: string;
	learners: { userId: number; name: string; coursesStarted: number; certificates: number }[];
}

/** The households of a village with their learners; empty when the village is not in the township. */
export async function householdsOfVillage(townshipId: RecordsScope, villageId: number): Promise<HouseholdView[]> {
	const village = await first(db.select().from(villages).where(eq(villages.id, villageId)));
	if (!village || !scopeHolds(townshipId, village.townshipId)) return [];
	const rows = await db
		.select({
			householdId: households.id,
			code: households.code,
			headName: households.headName,
			userId: users.id,
			name: users.name,
			coursesStarted:
				sql<number>`(select count(*) from ${learnerCourses} where ${learnerCourses.userId} = ${users.id})`.mapWith(
					Number
				),
			certificates:
				sql<number>`(select count(*) from ${certificates} where ${certificates.userId} = ${users.id} and ${certificates.revokedAt} is null)`.mapWith(
					Number
				)
		})
		.from(households)
		.leftJoin(users, and(eq(users.householdId, households.id), eq(users.role, 'learner')))
		.where(eq(households.villageId, villageId))
		.orderBy(asc(households.code), asc(users.id));
	const byId = new Map<number, HouseholdView>();
	for (const r of rows) {
		let household = byId.get(r.householdId);
		if (!household) {
			household = { householdId: r.householdId, code: r.code, headName: r.headName, learners: [] };
			byId.set(r.householdId, household);
		}
		if (r.userId !== null)
			household.learners.push({
				userId: r.userId,
				name: r.name!,
				coursesStarted: r.coursesStarted,
				certificates: r.certificates
			});
	}
	return [...byId.values()];
}

export type TimelineItem =
	| { kind: 'lesson'; at: Date; arrivedAt: Date; courseSlug: string; lessonSlug: string }
	| { kind: 'attempt'; at: Date; arrivedAt: Date; courseSlug: string; score: number; passed: boolean }
	| { kind: 'certificate'; at: Date; courseSlug: string; number: string; revokedAt: Date | null };

/** A learner's lessons, exam attempts and certificates in time order; null when not a learner of the township. */
export async function learnerTimeline(
	townshipId: RecordsScope,
	userId: number
): Promise<{ userId: number; name: string; items: TimelineItem[] } | null> {
	const learner = await first(
		db
			.select({ id: users.id, name: users.name })
			.from(users)
			.where(and(eq(users.id, userId), learnerScope({ townshipId })))
	);
	if (!learner) return null;
	const items: TimelineItem[] = [
		// `at` is when the phone says it happened (clamped); `arrivedAt` when the server got it, which staff see too.
		...(
			await db
				.select({
					at: lessonCompletions.completedAt,
					arrivedAt: learningEvents.receivedAt,
					courseSlug: lessonCompletions.courseSlug,
					lessonSlug: lessonCompletions.lessonSlug
				})
				.from(lessonCompletions)
				.innerJoin(learningEvents, eq(learningEvents.id, lessonCompletions.eventId))
				.where(eq(lessonCompletions.userId, userId))
		).map((c) => ({ kind: 'lesson' as const, ...c })),
		...(await db.select().from(examAttempts).where(eq(examAttempts.userId, userId))).map((a) => ({
			kind: 'attempt' as const,
			at: a.submittedAt,
			arrivedAt: a.gradedAt,
			courseSlug: a.courseSlug,
			score: a.score,
			passed: a.passed
		})),
		...(await db.select().from(certificates).where(eq(certificates.userId, userId))).map((c) => ({
			kind: 'certificate' as const,
			at: c.issuedAt,
			courseSlug: c.courseSlug,
			number: c.number,
			revokedAt: c.revokedAt
		}))
	];
	return { userId: learner.id, name: learner.name, items: items.sort((a, b) => a.at.getTime() - b.at.getTime()) };
}
