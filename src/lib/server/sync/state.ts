import { eq } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { certificates, examAttempts, lessonCompletions } from '../db/schema.ts';

/** What a learner's device needs to show after a sync: lessons done, exam results, certificates. */
export function learnerState(userId: number) {
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
			issuedAt: certificates.issuedAt,
			revokedAt: certificates.revokedAt
		})
		.from(certificates)
		.where(eq(certificates.userId, userId))
		.all();
	return { userId, progress, attempts, certificates: certs };
}
