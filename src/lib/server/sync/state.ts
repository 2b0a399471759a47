import { eq } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { learnerGoal } from './goal.ts';
import { lessonDays } from '../learning/lesson-days.ts';
import { certificates, examAttempts, households, lessonCompletions, townships, users, villages } from '../db/schema.ts';

/**
 * What a learner's device needs to show their progress: lessons done, exam results, certificates. The phone
 * keeps it per learner (the progress store) and draws every learner page from it; pages the service worker
 * may store carry none of it.
 */
export function learnerState(userId: number, now = new Date()) {
	const progress: Record<string, string[]> = {};
	for (const row of db
		.select({ course: lessonCompletions.courseSlug, lesson: lessonCompletions.lessonSlug })
		.from(lessonCompletions)
		.where(eq(lessonCompletions.userId, userId))
		.all()) {
		(progress[row.course] ??= []).push(row.lesson);
	}
	const attempts = db
		.select({
			id: examAttempts.eventId,
			courseSlug: examAttempts.courseSlug,
			score: examAttempts.score,
			passed: examAttempts.passed,
			review: examAttempts.review,
			submittedAt: examAttempts.submittedAt
		})
		.from(examAttempts)
		.where(eq(examAttempts.userId, userId))
		.all();
	const certs = db
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
		.where(eq(certificates.userId, userId))
		.all();
	// The weekly goal and the calendar's days (issue 16), bounded to the calendar's weeks.
	return {
		userId,
		progress,
		attempts,
		certificates: certs,
		goal: learnerGoal(userId),
		lessonDays: lessonDays(userId, now)
	};
}

/** The village a learner's household lives in, for the "family on this phone" list; null when none is known. */
export function villageOf(userId: number): string | null {
	return (
		db
			.select({ village: villages.name })
			.from(users)
			.innerJoin(households, eq(users.householdId, households.id))
			.innerJoin(villages, eq(households.villageId, villages.id))
			.where(eq(users.id, userId))
			.get()?.village ?? null
	);
}
