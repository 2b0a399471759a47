import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { getCourse } from '../content/index.ts';
import { db, prepare, prepared, type Tx } from '../db/index.ts';
import { examAttempts, learningEvents } from '../db/schema.ts';
import { gradeExam } from '../quiz/grade.ts';
import { ticketQuestions } from '../quiz/draw.ts';
import { clampClientTime, type ClientTimeBounds } from '../sync/client-time.ts';
import { examAttemptPayload } from '../sync/payloads.ts';
import { storedAs, type LearningEvent } from '../sync/events.ts';
import { examKey } from './exam-versions.ts';
import {
	chinaDayStart,
	openTicket,
	ticketFor,
	ticketsIssuedSince,
	useTicket,
	type TicketProblem
} from './exam-tickets.ts';
import { attemptsLeft, examBlock, lessonsDoneCount } from '../../learning/rules.ts';
import { completedLessons, courseRule } from './progress.ts';
import { noteExamAttempt, type PassedCourses } from './summary.ts';
import { dbTime, first, timeSql } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

export { chinaDayStart } from './exam-tickets.ts';

/**
 * A phone's clock may be a little behind the server's: an attempt dated up to this long before its ticket was
 * issued is taken as started when the ticket was; anything earlier is refused.
 */
const CLOCK_SKEW_MS = 10 * 60 * 1000;

export interface AttemptResult {
	eventId: string;
	score: number;
	passed: boolean;
	review: string[];
	submittedAt: Date;
}

export type AttemptRefusal =
	| 'lessons_not_done'
	| 'unknown_version'
	| 'no_exam'
	| 'invalid'
	| TicketProblem
	| 'outside_ticket_window'
	| 'answers_outside_ticket';

/** Where a learner stands before an exam: may they start, and how many tries are left today (server clock). */
export async function examStatus(userId: number, courseSlug: string, now = new Date()) {
	const course = await getCourse(courseSlug);
	if (!course) return null;
	const rule = courseRule(course);
	const done = await completedLessons(userId, courseSlug);
	const open = course.hasExam ? await openTicket(db, userId, courseSlug, course.version, now) : null;
	// The attempt on the open ticket is still to come, so it is one of those "left".
	const today = await ticketsIssuedSince(db, userId, courseSlug, chinaDayStart(now), open?.id ?? null);
	const blockedBy = examBlock(rule, { lessonsDone: done, attemptsToday: open ? 0 : today });
	return {
		lessonsDone: lessonsDoneCount(rule, done),
		lessonsTotal: course.lessons.length,
		attemptsPerDay: course.examAttemptsPerDay,
		attemptsLeft: attemptsLeft(rule, today),
		canStart: blockedBy === null,
		blockedBy
	} as const;
}

const resultColumns = {
	eventId: examAttempts.eventId,
	score: examAttempts.score,
	passed: examAttempts.passed,
	review: examAttempts.review,
	submittedAt: examAttempts.submittedAt
};

/** A learner's graded attempts at a course's exam, newest first. */
export async function listAttempts(userId: number, courseSlug: string): Promise<AttemptResult[]> {
	return await db
		.select(resultColumns)
		.from(examAttempts)
		.where(and(eq(examAttempts.userId, userId), eq(examAttempts.courseSlug, courseSlug)))
		.orderBy(desc(examAttempts.submittedAt));
}

/** One graded attempt of this learner, or null. */
export async function getAttempt(
	userId: number,
	eventId: string
): Promise<(AttemptResult & { courseSlug: string }) | null> {
	return (
		(await first(
			db
				.select({ ...resultColumns, courseSlug: examAttempts.courseSlug })
				.from(examAttempts)
				.where(and(eq(examAttempts.userId, userId), eq(examAttempts.eventId, eventId)))
		)) ?? null
	);
}

/** Only attempts taken on a ticket count as marked attempts (older rows from before tickets do not). */
export const ticketed = isNotNull(examAttempts.ticketId);

type Outcome =
	| { status: 'applied' | 'duplicate'; attempt: AttemptResult }
	| { status: 'rejected'; reason: AttemptRefusal | 'id_conflict' };

// The statements of every attempt recorded: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	result: prepare(
		database
			.select(resultColumns)
			.from(examAttempts)
			.where(and(eq(examAttempts.userId, sql.placeholder('userId')), eq(examAttempts.eventId, sql.placeholder('id')))),
		'learning/exam-attempts.result'
	),
	insertEvent: prepare(
		database.insert(learningEvents).values({
			id: sql.placeholder('id'),
			userId: sql.placeholder('userId'),
			kind: 'exam_attempt',
			courseSlug: sql.placeholder('courseSlug'),
			lessonSlug: null,
			contentVersion: sql.placeholder('contentVersion'),
			payload: sql.placeholder('payload'),
			clientAt: sql.placeholder('clientAt'),
			receivedAt: sql.placeholder('receivedAt'),
			countyId: countyOfUser(sql.placeholder('userId'))
		}),
		'learning/exam-attempts.insertEvent'
	),
	insertAttempt: prepare(
		database.insert(examAttempts).values({
			eventId: sql.placeholder('eventId'),
			userId: sql.placeholder('userId'),
			courseSlug: sql.placeholder('courseSlug'),
			contentVersion: sql.placeholder('contentVersion'),
			seed: sql.placeholder('seed'),
			ticketId: sql.placeholder('ticketId'),
			answers: sql.placeholder('answers'),
			score: sql.placeholder('score'),
			passed: sql.placeholder('passed'),
			review: sql.placeholder('review'),
			// Nullable: a placeholder's value goes through the column's encoder, which cannot take null; given as stored.
			startedAt: timeSql(sql.placeholder('startedAtMs')),
			submittedAt: sql.placeholder('submittedAt'),
			gradedAt: sql.placeholder('gradedAt'),
			countyId: countyOfUser(sql.placeholder('userId'))
		}),
		'learning/exam-attempts.insertAttempt'
	)
}));

/**
 * Marks an exam attempt on the server, once per event id (a resubmitted attempt returns its first result), and
 * only on a ticket: signed by this server, issued to this learner for this course and version, not used, and
 * taken between its issue and its expiry. Only the ticket's questions may be answered; they are marked against
 * the key of the version the ticket names. The ticket is used in the same write as the attempt, so two sends
 * of one ticket are marked once.
 *
 * Runs inside the batch's write transaction (`tx`, immediate: it holds the write lock from its start, so what is
 * read here is still true when it is written, in this process or another). Every refusal is decided before
 * anything is written. The learner's activity is left to the caller, once per batch (`attempt.submittedAt`);
 * `passedCourses` learns whether the learner has now passed the course's exam (see PassedCourses).
 */
export async function recordExamAttempt(
	tx: Tx,
	userId: number,
	event: LearningEvent,
	now: Date,
	bounds: ClientTimeBounds,
	passedCourses?: PassedCourses
): Promise<Outcome> {
	const payload = examAttemptPayload.safeParse(event.payload);
	if (!payload.success) return { status: 'rejected', reason: 'invalid' };
	const course = await getCourse(event.courseSlug);
	if (!course?.hasExam) return { status: 'rejected', reason: 'no_exam' };
	const takenAt = clampClientTime(event.clientAt, bounds);
	const refuse = (reason: AttemptRefusal | 'id_conflict'): Outcome => ({ status: 'rejected', reason });
	const run = statements(tx);

	// What the attempt is checked against, asked at once: on PostgreSQL the questions go to the server together (a
	// pipeline: one wait instead of four); on SQLite they run one after another as before. All are reads, so the
	// answers are the same as asked in turn, and the refusals below are decided in the same order.
	const [stored, key, found, done] = await Promise.all([
		storedAs(tx, userId, event),
		examKey(course.slug, event.contentVersion),
		ticketFor(tx, payload.data.ticket, userId, course.slug, event.contentVersion),
		completedLessons(userId, course.slug, tx)
	]);
	if (stored !== 'new') {
		// An id already taken by another learner's event or by another kind of event is not this attempt.
		const attempt = stored === 'resend' ? await first(run.result.execute({ userId, id: event.id })) : undefined;
		if (!attempt) return refuse('id_conflict');
		return { status: 'duplicate', attempt };
	}
	if (!key) return refuse('unknown_version');
	if ('problem' in found) return refuse(found.problem);
	const { ticket } = found;
	if (takenAt.getTime() < ticket.issuedAt.getTime() - CLOCK_SKEW_MS || takenAt > ticket.expiresAt)
		return refuse('outside_ticket_window');
	const asked = new Set(ticket.questionIds);
	if (Object.keys(payload.data.answers).some((id) => !asked.has(id))) return refuse('answers_outside_ticket');
	if (examBlock(courseRule(course), { lessonsDone: done, attemptsToday: 0 }) === 'lessons_not_done')
		return refuse('lessons_not_done');
	// Inside this immediate transaction nobody else can have used it since ticketFor looked; kept as a guard.
	// The first write: every refusal above left nothing behind.
	if (!(await useTicket(tx, ticket.id, event.id, now))) return refuse('ticket_used');
	const submittedAt = new Date(Math.max(takenAt.getTime(), ticket.issuedAt.getTime()));
	const graded = gradeExam(
		ticketQuestions(key.questions, ticket.seed, ticket.questionIds),
		payload.data.answers,
		key.passMark
	);
	// Written together, in this order (the attempt refers to its event): on PostgreSQL one wait instead of three.
	const [, , coursePassed] = await Promise.all([
		run.insertEvent.execute({
			id: event.id,
			userId,
			courseSlug: course.slug,
			contentVersion: event.contentVersion,
			payload: { ticket: ticket.id, answers: payload.data.answers },
			clientAt: submittedAt,
			receivedAt: now
		}),
		run.insertAttempt.execute({
			eventId: event.id,
			userId,
			courseSlug: course.slug,
			contentVersion: event.contentVersion,
			seed: ticket.seed,
			ticketId: ticket.id,
			answers: payload.data.answers,
			score: graded.score,
			passed: graded.passed,
			review: graded.review,
			startedAtMs: payload.data.startedAt ? dbTime(payload.data.startedAt) : null,
			submittedAt,
			gradedAt: now
		}),
		noteExamAttempt(tx, userId, course.slug, { score: graded.score, passed: graded.passed, at: submittedAt })
	]);
	passedCourses?.set(course.slug, coursePassed);
	return {
		status: 'applied',
		attempt: { eventId: event.id, score: graded.score, passed: graded.passed, review: graded.review, submittedAt }
	};
}
