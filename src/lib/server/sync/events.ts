import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db/index.ts';
import { learningEvents, lessonCompletions } from '../db/schema.ts';
import { getCourse } from '../content/index.ts';
import { isKnownVersion } from '../learning/exam-versions.ts';
import { noteActivity, noteLessonCompleted } from '../learning/summary.ts';
import { eventTime } from './client-time.ts';

/**
 * One thing a learner did, as the browser sends it (a form today, the offline outbox later).
 * The id is made by the client, so a retried or doubled send is recognised and counted once.
 */
export const eventSchema = z.object({
	id: z.uuid(),
	/** The learner the device made the event for; a shared phone's outbox may hold several learners' events. */
	userId: z.number().int().positive().optional(),
	kind: z.enum(['lesson_completed', 'practice_answer', 'exam_attempt']),
	courseSlug: z.string().regex(/^[a-z0-9-]{1,60}$/),
	lessonSlug: z
		.string()
		.regex(/^[a-z0-9-]{1,60}$/)
		.nullish(),
	contentVersion: z.string().regex(/^[0-9a-f]{6,64}$/),
	clientAt: z.coerce.date(),
	payload: z.record(z.string(), z.unknown()).nullish()
});
export type LearningEvent = z.infer<typeof eventSchema>;

export type EventStatus =
	| { status: 'applied' }
	| { status: 'duplicate' }
	| { status: 'rejected'; reason: 'invalid' | 'unknown_course' | 'unknown_version' | 'unknown_lesson' | 'other_user' };

/** Checks an event against the course index; null when it may be recorded. */
export function eventProblem(event: LearningEvent): EventStatus | null {
	const course = getCourse(event.courseSlug);
	if (!course) return { status: 'rejected', reason: 'unknown_course' };
	if (!isKnownVersion(event.courseSlug, event.contentVersion)) return { status: 'rejected', reason: 'unknown_version' };
	if (event.kind === 'lesson_completed' || event.kind === 'practice_answer') {
		if (!event.lessonSlug || !course.lessons.some((l) => l.slug === event.lessonSlug)) {
			return { status: 'rejected', reason: 'unknown_lesson' };
		}
	}
	return null;
}

/**
 * Records a lesson completion or practice answer once, whatever the number of sends: the event row is keyed
 * by its UUID, the completion by learner + lesson (the first completion counts). A UUID already used by
 * another learner is refused rather than silently merged.
 */
export function recordEvent(userId: number, event: LearningEvent, now = new Date()): EventStatus {
	const problem = eventProblem(event);
	if (problem) return problem;
	// A phone's clock may be wrong (or set on purpose): its time is kept within what can be true.
	const clientAt = eventTime(userId, event.clientAt, now);
	return db.transaction((tx) => {
		const inserted = tx
			.insert(learningEvents)
			.values({
				id: event.id,
				userId,
				kind: event.kind,
				courseSlug: event.courseSlug,
				lessonSlug: event.lessonSlug ?? null,
				contentVersion: event.contentVersion,
				payload: event.payload ?? null,
				clientAt,
				receivedAt: now
			})
			.onConflictDoNothing()
			.returning({ userId: learningEvents.userId })
			.all();
		if (inserted.length === 0) {
			const existing = tx
				.select({ userId: learningEvents.userId })
				.from(learningEvents)
				.where(eq(learningEvents.id, event.id))
				.get();
			return existing?.userId === userId ? { status: 'duplicate' } : { status: 'rejected', reason: 'other_user' };
		}
		noteActivity(tx, userId, clientAt);
		if (event.kind === 'lesson_completed') {
			const first = tx
				.insert(lessonCompletions)
				.values({
					userId,
					courseSlug: event.courseSlug,
					lessonSlug: event.lessonSlug!,
					eventId: event.id,
					contentVersion: event.contentVersion,
					completedAt: clientAt
				})
				.onConflictDoNothing()
				.run();
			if (first.changes > 0) noteLessonCompleted(tx, userId, event.courseSlug, clientAt);
		}
		return { status: 'applied' };
	});
}
