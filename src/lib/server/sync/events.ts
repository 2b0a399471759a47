import { eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { prepare, prepared, type Executor, type Tx } from '../db/index.ts';
import { affectedRows, jsonRowsInsert, oneByOneOrAll } from '../db/dialect.ts';
import { learningEvents, lessonCompletions, type EventKind as DbEventKind } from '../db/schema.ts';
import { findCourse } from '../content/store.ts';
import type { IndexedCourse } from '../content/types.ts';
import { isKnownVersion } from '../learning/exam-versions.ts';
import { noteLessonsCompleted, type PassedCourses } from '../learning/summary.ts';
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
import { countyOfUser } from '../db/county.ts';

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

type Refusal = { status: 'rejected'; reason: RejectionReason };

/**
 * Checks events against the course index: the answer's `problemOf(event)` is null when the event may be recorded.
 * Each course and each content version of `events` is looked up once, before the checks, however many events name
 * it: a batch holds up to hundreds of events of one or two courses, and looking each event's course up anew (a copy
 * of it, twice) was a tenth of what a sync batch allocated.
 */
export async function eventChecks(events: LearningEvent[]): Promise<(event: LearningEvent) => Refusal | null> {
	const courses = new Map<string, IndexedCourse | undefined>();
	const knownVersions = new Map<string, boolean>();
	const versionKey = (event: LearningEvent) => `${event.courseSlug}\n${event.contentVersion}`;
	for (const event of events) {
		if (!courses.has(event.courseSlug)) courses.set(event.courseSlug, await findCourse(event.courseSlug));
		const key = versionKey(event);
		if (courses.get(event.courseSlug) && !knownVersions.has(key))
			knownVersions.set(key, await isKnownVersion(event.courseSlug, event.contentVersion));
	}
	return (event) => {
		const course = courses.get(event.courseSlug);
		if (!course) return { status: 'rejected', reason: 'unknown_course' };
		if (!knownVersions.get(versionKey(event))) return { status: 'rejected', reason: 'unknown_version' };
		// Every kind but the exam names a lesson of the course; a rating without one rates the course itself.
		const ratesCourse = event.kind === 'rating' && !event.lessonSlug;
		if (event.kind !== 'exam_attempt' && !ratesCourse) {
			if (!event.lessonSlug || !course.lessons.some((l) => l.slug === event.lessonSlug)) {
				return { status: 'rejected', reason: 'unknown_lesson' };
			}
		}
		return null;
	};
}

// The statements of every event recorded on SQLite, one row each: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	insertEvent: prepare(
		database
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
				receivedAt: sql.placeholder('receivedAt'),
				countyId: countyOfUser(sql.placeholder('userId'))
			})
			.onConflictDoNothing(),
		'sync/events.insertEvent'
	),
	insertCompletion: prepare(
		database
			.insert(lessonCompletions)
			.values({
				userId: sql.placeholder('userId'),
				courseSlug: sql.placeholder('courseSlug'),
				lessonSlug: sql.placeholder('lessonSlug'),
				eventId: sql.placeholder('eventId'),
				contentVersion: sql.placeholder('contentVersion'),
				completedAt: sql.placeholder('completedAt'),
				countyId: countyOfUser(sql.placeholder('userId'))
			})
			.onConflictDoNothing(),
		'sync/events.insertCompletion'
	),
	stored: prepare(
		database
			.select(storedColumns)
			.from(learningEvents)
			.where(eq(learningEvents.id, sql.placeholder('id'))),
		'sync/events.stored'
	)
}));

// On PostgreSQL the same rows, all of a batch in one statement each (see jsonRowsInsert).
const county = { countyId: countyOfUser(sql.placeholder('userId')) };
const insertEventRows = jsonRowsInsert(
	learningEvents,
	['id', 'userId', 'kind', 'courseSlug', 'lessonSlug', 'contentVersion', 'payload', 'clientAt', 'receivedAt'],
	{ id: learningEvents.id },
	county,
	'sync/events.insertEventRows'
);
const insertCompletionRows = jsonRowsInsert(
	lessonCompletions,
	['userId', 'courseSlug', 'lessonSlug', 'eventId', 'contentVersion', 'completedAt'],
	{ courseSlug: lessonCompletions.courseSlug, completedAt: lessonCompletions.completedAt },
	county,
	'sync/events.insertCompletionRows'
);

/** An event recorded by recordEvents: refused, a resend, or applied at `at` (the phone's time within the bounds). */
export type RecordedEvent = Exclude<EventStatus, { status: 'applied' }> | { status: 'applied'; at: Date };

/**
 * Records lesson completions, practice answers, ratings and "我没看懂" once each, whatever the number of sends: the
 * event row is keyed by its UUID, the completion by learner + lesson (the first completion counts), a rating by
 * learner + course or lesson (the latest counts: see ratings/record.ts). A UUID already used by another learner, or
 * for another kind or lesson, is refused rather than taken for a resend: answering "duplicate" would make the
 * phone delete an event that was never recorded. The answers come back in the events' order.
 *
 * `events` are in the order they happened, and are recorded as one after another would be, but together: the
 * events, then the completions, each written the way that is cheaper on the engine (oneByOneOrAll: on PostgreSQL
 * one statement for all, as every statement is a round trip to the server and a batch holds up to hundreds of
 * events; on SQLite a prepared statement a row). Runs inside the batch's write transaction (`tx`).
 * Every refusal is decided before anything is written, so a refused event leaves nothing behind in it. The
 * learner's activity is left to the caller, once per batch; `passedCourses` learns, of each course in which lessons
 * were completed, whether the learner has passed its exam (see PassedCourses).
 */
export async function recordEvents(
	tx: Tx,
	userId: number,
	events: LearningEvent[],
	now: Date,
	bounds: ClientTimeBounds,
	passedCourses?: PassedCourses
): Promise<RecordedEvent[]> {
	const answers: RecordedEvent[] = [];
	/** The events to insert: the first of each id (a later one with the same id is checked against it after). */
	const fresh: { index: number; event: LearningEvent; at: Date }[] = [];
	const again: { index: number; event: LearningEvent }[] = [];
	const ids = new Set<string>();
	const problemOf = await eventChecks(events);
	for (const [index, event] of events.entries()) {
		const problem = problemOf(event);
		if (problem) {
			answers[index] = problem;
			continue;
		}
		if (ids.has(event.id)) again.push({ index, event });
		else {
			ids.add(event.id);
			// A phone's clock may be wrong (or set on purpose): its time is kept within what can be true.
			fresh.push({ index, event, at: clampClientTime(event.clientAt, bounds) });
		}
	}
	const eventRows = fresh.map(({ event, at }) => ({
		id: event.id,
		userId,
		kind: event.kind,
		courseSlug: event.courseSlug,
		lessonSlug: event.lessonSlug ?? null,
		contentVersion: event.contentVersion,
		payload: event.payload ?? null,
		clientAt: at,
		receivedAt: now
	}));
	const inserted = new Set(
		(
			await oneByOneOrAll(
				tx,
				eventRows,
				async (row) => {
					const { payload, ...values } = row;
					const result = await statements(tx).insertEvent.execute({
						...values,
						payloadJson: payload === null ? null : JSON.stringify(payload)
					});
					return affectedRows(result) > 0 ? [{ id: row.id }] : [];
				},
				(rows) => insertEventRows(tx, rows, { userId })
			)
		).map(({ id }) => id)
	);
	// Ids that were taken already, by a send before or earlier in this batch: a resend, or a conflict.
	for (const { index, event } of fresh) if (!inserted.has(event.id)) again.push({ index, event });
	if (again.length > 0) {
		const stored = await storedEvents(
			tx,
			again.map(({ event }) => event.id)
		);
		for (const { index, event } of again)
			answers[index] = sameEvent(stored.get(event.id), userId, event)
				? { status: 'duplicate' }
				: { status: 'rejected', reason: 'id_conflict' };
	}
	const applied = fresh.filter(({ event }) => inserted.has(event.id));
	for (const { index, at } of applied) answers[index] = { status: 'applied', at };

	// The first completion of each lesson counts: one in this batch (the earliest), unless one was stored before.
	const lessons = new Map<string, { event: LearningEvent & { kind: 'lesson_completed' }; at: Date }>();
	for (const { event, at } of applied)
		if (event.kind === 'lesson_completed' && !lessons.has(`${event.courseSlug}/${event.lessonSlug}`))
			lessons.set(`${event.courseSlug}/${event.lessonSlug}`, { event, at });
	if (lessons.size > 0) {
		const completed = await oneByOneOrAll(
			tx,
			[...lessons.values()].map(({ event, at }) => ({
				userId,
				courseSlug: event.courseSlug,
				lessonSlug: event.lessonSlug,
				eventId: event.id,
				contentVersion: event.contentVersion,
				completedAt: at
			})),
			async (row) =>
				affectedRows(await statements(tx).insertCompletion.execute(row)) > 0
					? [{ courseSlug: row.courseSlug, completedAt: row.completedAt }]
					: [],
			(rows) => insertCompletionRows(tx, rows, { userId })
		);
		const perCourse = new Map<string, { count: number; latest: Date }>();
		for (const { courseSlug, completedAt } of completed) {
			const course = perCourse.get(courseSlug);
			if (!course) perCourse.set(courseSlug, { count: 1, latest: completedAt });
			else {
				course.count++;
				if (completedAt > course.latest) course.latest = completedAt;
			}
		}
		for (const [courseSlug, { count, latest }] of perCourse)
			passedCourses?.set(courseSlug, await noteLessonsCompleted(tx, userId, courseSlug, count, latest));
	}
	for (const { event, at } of applied)
		if (event.kind === 'rating' || event.kind === 'not_understood') await noteFeedback(tx, userId, event, at);
	return answers;
}

const storedColumns = {
	id: learningEvents.id,
	userId: learningEvents.userId,
	kind: learningEvents.kind,
	courseSlug: learningEvents.courseSlug,
	lessonSlug: learningEvents.lessonSlug
};

/** The stored events under these ids (at most a batch's worth), by id. */
async function storedEvents(database: Executor, ids: string[]) {
	// One id (an exam's event, a form's) by the prepared statement on either engine: on PostgreSQL a list of ids
	// would be a statement parsed and planned anew each time.
	if (ids.length === 1)
		return new Map((await statements(database).stored.execute({ id: ids[0] })).map((r) => [r.id, r]));
	const rows = await oneByOneOrAll(
		database,
		ids,
		async (id) => statements(database).stored.execute({ id }),
		(all) => database.select(storedColumns).from(learningEvents).where(inArray(learningEvents.id, all))
	);
	return new Map(rows.map((row) => [row.id, row]));
}

/** Whether a stored event is this one sent again: same learner, kind, course and lesson. */
function sameEvent(
	stored: { userId: number; kind: string; courseSlug: string; lessonSlug: string | null } | undefined,
	userId: number,
	event: LearningEvent
): boolean {
	return (
		!!stored &&
		stored.userId === userId &&
		stored.kind === event.kind &&
		stored.courseSlug === event.courseSlug &&
		stored.lessonSlug === (event.lessonSlug ?? null)
	);
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
	const stored = (await storedEvents(database, [event.id])).get(event.id);
	if (!stored) return 'new';
	return sameEvent(stored, userId, event) ? 'resend' : 'conflict';
}
