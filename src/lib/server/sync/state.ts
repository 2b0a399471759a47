import { eq, sql } from 'drizzle-orm';
import { db, prepare, prepared } from '../db/index.ts';
import { learnerGoal } from './goal.ts';
import { lessonDays } from '../learning/lesson-days.ts';
import { learnerFeedback } from '../ratings/record.ts';
import { certificates, examAttempts, households, lessonCompletions, townships, users, villages } from '../db/schema.ts';
import { first } from '../db/dialect.ts';

// Sent back with every sync batch: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	progress: prepare(
		database
			.select({ course: lessonCompletions.courseSlug, lesson: lessonCompletions.lessonSlug })
			.from(lessonCompletions)
			.where(eq(lessonCompletions.userId, sql.placeholder('userId'))),
		'sync/state.progress'
	),
	attempts: prepare(
		database
			.select({
				id: examAttempts.eventId,
				courseSlug: examAttempts.courseSlug,
				score: examAttempts.score,
				passed: examAttempts.passed,
				review: examAttempts.review,
				submittedAt: examAttempts.submittedAt
			})
			.from(examAttempts)
			.where(eq(examAttempts.userId, sql.placeholder('userId'))),
		'sync/state.attempts'
	),
	certificates: prepare(
		database
			.select({
				number: certificates.number,
				courseSlug: certificates.courseSlug,
				courseTitle: certificates.courseTitle,
				score: certificates.score,
				township: townships.name,
				issuedAt: certificates.issuedAt,
				revokedAt: certificates.revokedAt
			})
			.from(certificates)
			.innerJoin(townships, eq(certificates.townshipId, townships.id))
			.where(eq(certificates.userId, sql.placeholder('userId'))),
		'sync/state.certificates'
	)
}));

/**
 * What a learner's device needs to show their progress: lessons done, exam results, certificates. The phone
 * keeps it per learner (the progress store) and draws every learner page from it; pages the service worker
 * may store carry none of it.
 */
export async function learnerState(userId: number, now = new Date()) {
	const queries = statements(db);
	const progress: Record<string, string[]> = {};
	for (const row of await queries.progress.execute({ userId })) (progress[row.course] ??= []).push(row.lesson);
	// The weekly goal and the calendar's days (issue 16), bounded to the calendar's weeks.
	return {
		userId,
		progress,
		attempts: await queries.attempts.execute({ userId }),
		certificates: await queries.certificates.execute({ userId }),
		goal: await learnerGoal(userId),
		lessonDays: await lessonDays(userId, now),
		// Their own ratings and "我没看懂" taps (issue 15), so the pages show them as given on every phone.
		...(await learnerFeedback(userId))
	};
}

/** The village a learner's household lives in, for the "family on this phone" list; null when none is known. */
export async function villageOf(userId: number): Promise<string | null> {
	return (
		(
			await first(
				db
					.select({ village: villages.name })
					.from(users)
					.innerJoin(households, eq(users.householdId, households.id))
					.innerJoin(villages, eq(households.villageId, villages.id))
					.where(eq(users.id, userId))
			)
		)?.village ?? null
	);
}
