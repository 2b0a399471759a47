import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { prepared, type Executor, type Tx } from '../db/index.ts';
import { learningEvents, lessonCompletions, type EventKind as DbEventKind } from '../db/schema.ts';
import { getCourse } from '../content/index.ts';
import { isKnownVersion } from '../learning/exam-versions.ts';
import { noteLessonCompleted } from '../learning/summary.ts';
import { SLUG_PATTERN, VERSION_PATTERN, type EventKind, type RejectionReason } from '../../sync/protocol.ts';
import { noteFeedback } from '../ratings/record.ts';
import {
	clientTime,
	examAttemptPayload,
	lessonCompletedPayload,
	notUnderstoodPayload,
	practiceAnswerPayload,
	ratingPayload
} from './payloads.ts';
import { clampClientTime, type ClientTimeBounds } from './client-time.ts';
import { affectedRows, first } from '../db/dialect.ts';

const base = {
	id: z.uuid(),
	/** The learner the device made the event for; a shared phone's outbox holds several learners' events. */
	userId: z.number().int().positive(),
	courseSlug: z.string().regex(SLUG_PATTERN),
	contentVersion: z.string().regex(VERSION_PATTERN),
	clientAt: clientTime
};
const lessonSlug = z.string().regex(SLUG_PATTERN);

/**
 * One thing a learner did, as the browser sends it (the outbox, or a form the server fills in). The id is made
 * by the client, so a retried or doubled send is recognised and counted once. Each kind has its own payload.
 */
export const eventSchema = z.discriminatedUnion('kind', [
	z.object({ ...base, kind: z.literal('lesson_completed'), lessonSlug, payload: lessonCompletedPayload }),
	z.object({ ...base, kind: z.literal('practice_answer'), lessonSlug, payload: practiceAnswerPayload }),
	z.object({ ...base, kind: z.literal('exam_attempt'), lessonSlug: z.null().optional(), payload: examAttemptPayload }),
	// A rating without a lesson rates the course.
	z.object({ ...base, kind: z.literal('rating'), lessonSlug: lessonSlug.nullish(), payload: ratingPayload }),
	z.object({ ...base, kind: z.literal('not_understood'), lessonSlug, payload: notUnderstoodPayload })
]);
export type LearningEvent = z.infer<typeof eventSchema>;

// The database's list of kinds must be the protocol's: a kind added to one only would be refused or lost.
const sameKinds: [EventKind, DbEventKind] extends [DbEventKind, EventKind] ? true : never = true;
void sameKinds;

export type EventStatus =
	{ status: 'applied' } | { status: 'duplicate' } | { status: 'rejected'; reason: RejectionReason };

/** Checks an event against the course index; null when it may be recorded. */
export async function eventProblem(
	event: LearningEvent
): Promise<{ status: 'rejected'; reason: RejectionReason } | null> {
	const course = await getCourse(event.courseSlug);
	if (!course) return { status: 'rejected', reason: 'unknown_course' };
	if (!(await isKnownVersion(event.courseSlug, event.contentVersion)))
		return { status: 'rejected', reason: 'unknown_version' };
	// Every kind but the exam names a lesson of the course; a rating without one rates the course itself.
	const ratesCourse = event.kind === 'rating' && !event.lessonSlug;
	if (event.kind !== 'exam_attempt' && !ratesCourse) {
		if (!event.lessonSlug || !course.lessons.some((l) => l.slug === event.lessonSlug)) {
			return { status: 'rejected', reason: 'unknown_lesson' };
		}
	}
	return null;
}

// The statements of every event recorded: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	insertEvent: database
		.insert(learningEvents)
		.values({
			id: sql.placeholder('id'),
			userId: sql.placeholder('userId'),
			kind: sql.placeholder('kind'),
			courseSlug: sql.placeholder('courseSlug'),
			lessonSlug: sql.placeholder('lessonSlug'),
			contentVersion: sql.placeholder('contentVersion'),
			// Nullable: a placeholder's value goes through the column's encoder, which would store null as the JSON
			// text 'null'; given here as stored (JSON text or NULL).
			payload: sql`${sql.placeholder('payloadJson')}`,
			clientAt: sql.placeholder('clientAt'),
			receivedAt: sql.placeholder('receivedAt')
		})
		.onConflictDoNothing()
		.prepare(),
	insertCompletion: database
		.insert(lessonCompletions)
		.values({
			userId: sql.placeholder('userId'),
			courseSlug: sql.placeholder('courseSlug'),
			lessonSlug: sql.placeholder('lessonSlug'),
			eventId: sql.placeholder('eventId'),
			contentVersion: sql.placeholder('contentVersion'),
			completedAt: sql.placeholder('completedAt')
		})
		.onConflictDoNothing()
		.prepare(),
	stored: database
		.select({
			userId: learningEvents.userId,
			kind: learningEvents.kind,
			courseSlug: learningEvents.courseSlug,
			lessonSlug: learningEvents.lessonSlug
		})
		.from(learningEvents)
		.where(eq(learningEvents.id, sql.placeholder('id')))
		.prepare()
}));

/**
 * Records a lesson completion, practice answer, rating or "我没看懂" once, whatever the number of sends: the event
 * row is keyed by its UUID, the completion by learner + lesson (the first completion counts), a rating by learner +
 * course or lesson (the latest counts: see ratings/record.ts). A UUID already used by
 * another learner, or for another kind or lesson, is refused rather than taken for a resend: answering
 * "duplicate" would make the phone delete an event that was never recorded.
 *
 * Runs inside the batch's write transaction (`tx`). Every refusal is decided before anything is written, so a
 * refused event leaves nothing behind in it. The learner's activity is left to the caller, once per batch: an
 * applied event says when it happened (`at`, the phone's time within `bounds`).
 */
export async function recordEvent(
	tx: Tx,
	userId: number,
	event: LearningEvent,
	now: Date,
	bounds: ClientTimeBounds
): Promise<Exclude<EventStatus, { status: 'applied' }> | { status: 'applied'; at: Date }> {
	const problem = await eventProblem(event);
	if (problem) return problem;
	// A phone's clock may be wrong (or set on purpose): its time is kept within what can be true.
	const clientAt = clampClientTime(event.clientAt, bounds);
	const run = statements(tx);
	const inserted = await run.insertEvent.execute({
		id: event.id,
		userId,
		kind: event.kind,
		courseSlug: event.courseSlug,
		lessonSlug: event.lessonSlug ?? null,
		contentVersion: event.contentVersion,
		payloadJson: event.payload == null ? null : JSON.stringify(event.payload),
		clientAt,
		receivedAt: now
	});
	if (affectedRows(inserted) === 0) {
		return (await storedAs(tx, userId, event)) === 'resend'
			? { status: 'duplicate' }
			: { status: 'rejected', reason: 'id_conflict' };
	}
	if (event.kind === 'lesson_completed') {
		const first = await run.insertCompletion.execute({
			userId,
			courseSlug: event.courseSlug,
			lessonSlug: event.lessonSlug,
			eventId: event.id,
			contentVersion: event.contentVersion,
			completedAt: clientAt
		});
		if (affectedRows(first) > 0) await noteLessonCompleted(tx, userId, event.courseSlug, clientAt);
	}
	if (event.kind === 'rating' || event.kind === 'not_understood') await noteFeedback(tx, userId, event, clientAt);
	return { status: 'applied', at: clientAt };
}

/**
 * What is stored under this event's id: nothing yet ('new'), this event sent again (same learner, kind, course and
 * lesson: 'resend'), or another event that took the id ('conflict').
 */
export async function storedAs(
	database: Executor,
	userId: number,
	event: LearningEvent
): Promise<'new' | 'resend' | 'conflict'> {
	const stored = await first(statements(database).stored.execute({ id: event.id }));
	if (!stored) return 'new';
	const same =
		stored.userId === userId &&
		stored.kind === event.kind &&
		stored.courseSlug === event.courseSlug &&
		stored.lessonSlug === (event.lessonSlug ?? null);
	return same ? 'resend' : 'conflict';
}
