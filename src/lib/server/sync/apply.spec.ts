import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import {
	certificates,
	examAttempts,
	examVersions,
	learnerCourses,
	learnerRatings,
	learningEvents,
	lessonCompletions,
	users
} from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam, wrongOption } from '../tooling/seed/ticketed-attempt.ts';
import { issued, issueTicket } from '../learning/exam-tickets.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { applyEvents } from './apply.ts';
import { first } from '../db/dialect.ts';
import { writeTransaction } from '../db/index.ts';

const ORIGIN = 'https://learn.example.cn';
const issueTicketFor = async (...args: Parameters<typeof issueTicket>) => issued(await issueTicket(...args));
const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learner: { id: number };
let version: string;

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001'))))!;
	version = (await getCourse(COURSE))!.version;
	// An account older than the events, so their dates stand as sent.
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
	await rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const completion = (lesson: string, at = new Date('2026-11-20T02:00:00Z')) => ({
	id: uuid(),
	userId: learner.id,
	kind: 'lesson_completed',
	courseSlug: COURSE,
	lessonSlug: lesson,
	contentVersion: version,
	clientAt: at.toISOString()
});
/** An attempt on a ticket opened a minute before it was taken (server clock), as the exam page gives one. */
async function attempt(correct: boolean, at = new Date('2026-11-20T03:00:00Z')) {
	const taken = await takeExam(
		learner.id,
		COURSE,
		correct ? rightOptions : wrongOption,
		new Date(at.getTime() - 60_000)
	);
	if (!taken) throw new Error('no ticket');
	return { id: uuid(), clientAt: at.toISOString(), ...taken.event };
}
const allLessons = async () => (await getCourse(COURSE))!.lessons.map((l) => completion(l.slug));

describe('applyEvents', () => {
	it('counts a lesson completion once however often it is sent', async () => {
		const event = completion('vaccination');
		const first = await applyEvents(learner, [event, event], ORIGIN);
		const again = await applyEvents(learner, [event], ORIGIN);
		expect(again.outcomes).toEqual([{ id: event.id, status: 'duplicate' }]);
		expect(first.outcomes.every((o) => o.status !== 'rejected')).toBe(true);
		expect(await env.db.select().from(lessonCompletions)).toHaveLength(1);
		expect(await env.db.select().from(learningEvents)).toHaveLength(1);
	});

	it('refuses events of another learner, unknown lessons and malformed events, naming each', async () => {
		const { outcomes } = await applyEvents(
			learner,
			[
				{ ...completion('vaccination'), userId: learner.id + 1 },
				completion('no-such-lesson'),
				{ id: 'x', kind: 'lesson_completed' }
			],
			ORIGIN
		);
		expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual([
			'other_user',
			'unknown_lesson',
			'invalid'
		]);
	});

	it('checks each event of a batch against its own course and version, whatever the others name', async () => {
		// Courses and versions are looked up once per batch: an unknown one must not spill onto the known ones.
		const { outcomes } = await applyEvents(
			learner,
			[
				{ ...completion('vaccination'), contentVersion: 'abcdef123456' },
				completion('vaccination'),
				{ ...completion('vaccination'), courseSlug: 'no-such-course' },
				completion('no-such-lesson'),
				{ ...completion('vaccination'), contentVersion: 'abcdef123456' },
				completion('feed-and-water')
			],
			ORIGIN
		);
		expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual([
			'unknown_version',
			'applied',
			'unknown_course',
			'unknown_lesson',
			'unknown_version',
			'applied'
		]);
	});

	it('refuses the exam before all lessons are done', async () => {
		const { outcomes } = await applyEvents(learner, [await attempt(true)], ORIGIN);
		expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: 'lessons_not_done' });
		expect(await env.db.select().from(examAttempts)).toHaveLength(0);
	});

	it('marks an attempt once, names lessons to review, and issues the certificate on a pass', async () => {
		const failed = await attempt(false);
		const result = await applyEvents(learner, [...(await allLessons()), failed], ORIGIN);
		const graded = result.outcomes.at(-1)!;
		expect(graded).toMatchObject({ status: 'applied', attempt: { score: 0, passed: false } });
		if (graded.status === 'rejected' || !graded.attempt) throw new Error('not graded');
		expect(graded.attempt.review.length).toBeGreaterThan(0);
		expect(result.certificates).toEqual([]);

		const resent = await applyEvents(learner, [failed], ORIGIN);
		expect(resent.outcomes[0]).toMatchObject({ status: 'duplicate', attempt: { score: 0 } });

		const passed = await applyEvents(learner, [await attempt(true)], ORIGIN);
		expect(passed.outcomes[0]).toMatchObject({ status: 'applied', attempt: { score: 100, passed: true } });
		expect(passed.certificates).toHaveLength(1);
		const cert = (await first(env.db.select().from(certificates).limit(1)))!;
		expect(cert).toMatchObject({ userId: learner.id, courseSlug: COURSE, score: 100 });
		expect(cert.credential).toMatchObject({ type: expect.arrayContaining(['OpenBadgeCredential']) });
		// Once per learner and course.
		await applyEvents(learner, [await attempt(true)], ORIGIN);
		expect(await env.db.select().from(certificates)).toHaveLength(1);
	});

	it('allows the course’s number of tickets per day (China time, server clock) and no more', async () => {
		await applyEvents(learner, await allLessons(), ORIGIN);
		const day = new Date('2026-11-20T15:59:00Z'); // 23:59 in Beijing
		for (const i of [1, 2, 3]) {
			const { outcomes } = await applyEvents(
				learner,
				[await attempt(false, new Date(day.getTime() + i * 1000))],
				ORIGIN,
				day
			);
			expect(outcomes[0].status).toBe('applied');
		}
		await expect(attempt(false, new Date(day.getTime() + 5000))).rejects.toThrow('no ticket');
		const nextDay = await attempt(false, new Date('2026-11-20T16:02:00Z')); // 00:01 the next day in Beijing, when issued
		expect((await applyEvents(learner, [nextDay], ORIGIN, new Date('2026-11-21T00:00:00Z'))).outcomes[0].status).toBe(
			'applied'
		);
	});

	it('marks an attempt against the exam version it was taken on, and refuses a version never served', async () => {
		await applyEvents(learner, await allLessons(), ORIGIN);
		const unknown = { ...(await attempt(true)), contentVersion: 'abcdef123456' };
		expect((await applyEvents(learner, [unknown], ORIGIN)).outcomes[0]).toMatchObject({ reason: 'unknown_version' });
		// An older version whose key differs: today's right answers are wrong there, so the score must follow it.
		const old = (await getExam(COURSE))!.questions.map((q) => ({
			...q,
			options: q.options.map((o) => ({ ...o, correct: !o.correct }))
		}));
		await env.db
			.insert(examVersions)
			.values({ courseSlug: COURSE, version: '0123456789ab', questions: old, passMark: 60 });
		// A ticket of that version (as a phone that saved the course before the change would hold).
		const ticket = await writeTransaction(
			async (tx) =>
				issueTicketFor(tx, {
					userId: learner.id,
					courseSlug: COURSE,
					version: '0123456789ab',
					key: { questions: old as never, passMark: 60, draw: null },
					now: new Date('2026-11-20T02:00:00Z')
				}),
			env.db
		);
		const answers = Object.fromEntries(old.map((q) => [q.id, q.options.filter((o) => !o.correct).map((o) => o.id)]));
		const takenOnOld = {
			id: uuid(),
			userId: learner.id,
			kind: 'exam_attempt',
			courseSlug: COURSE,
			contentVersion: '0123456789ab',
			clientAt: '2026-11-20T03:00:00Z',
			payload: { ticket: ticket.token, answers }
		};
		expect((await applyEvents(learner, [takenOnOld], ORIGIN)).outcomes[0]).toMatchObject({
			attempt: { passed: false }
		});
	});

	it('refuses an event that names no learner: the phone stamps each one with the learner it was made for', async () => {
		const unstamped: Partial<ReturnType<typeof completion>> = completion('vaccination');
		delete unstamped.userId;
		const { outcomes } = await applyEvents(learner, [unstamped], ORIGIN);
		expect(outcomes).toEqual([{ id: unstamped.id!, status: 'rejected', reason: 'invalid' }]);
		expect(await env.db.select().from(learningEvents)).toHaveLength(0);
	});

	it('answers an id reused by another kind with id_conflict, and still applies the rest of the batch', async () => {
		await applyEvents(learner, await allLessons(), ORIGIN);
		const lesson = completion('vaccination');
		await applyEvents(learner, [lesson], ORIGIN);
		// An exam attempt with the id of a lesson completion (this threw on the unique id, a 500, before).
		const clash = { ...(await attempt(true)), id: lesson.id };
		const after = await attempt(false, new Date('2026-11-20T04:00:00Z'));
		const { outcomes } = await applyEvents(learner, [clash, after], ORIGIN);
		expect(outcomes[0]).toEqual({ id: lesson.id, status: 'rejected', reason: 'id_conflict' });
		expect(outcomes[1]).toMatchObject({ id: after.id, status: 'applied' });
		// And the other way round: a lesson completion with an exam attempt's id is not a "duplicate".
		const reused = { ...completion('vaccination'), id: after.id };
		expect((await applyEvents(learner, [reused], ORIGIN)).outcomes[0]).toMatchObject({ reason: 'id_conflict' });
		const practice = { ...completion('vaccination'), id: lesson.id, kind: 'practice_answer' };
		const answered = { ...practice, payload: { questionId: 'q1', chosen: ['a'], correct: true } };
		expect((await applyEvents(learner, [answered], ORIGIN)).outcomes[0]).toMatchObject({ reason: 'id_conflict' });
		const otherLesson = { ...completion((await getCourse(COURSE))!.lessons[0].slug), id: lesson.id };
		expect((await applyEvents(learner, [otherLesson], ORIGIN)).outcomes[0]).toMatchObject({ reason: 'id_conflict' });
		expect(await env.db.select().from(examAttempts)).toHaveLength(1);
	});

	it('answers an id another learner used with id_conflict, for lessons and exams alike', async () => {
		const other = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000002'))))!;
		const lesson = completion('vaccination');
		await applyEvents(learner, [...(await allLessons()), lesson], ORIGIN);
		const exam = await attempt(true);
		await applyEvents(learner, [exam], ORIGIN);
		const { outcomes } = await applyEvents(
			other,
			[
				{ ...lesson, userId: other.id },
				{ ...exam, userId: other.id }
			],
			ORIGIN
		);
		expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual([
			'id_conflict',
			'id_conflict'
		]);
	});

	it('records a batch’s events together as one after another would: the first completion of a lesson, ids once', async () => {
		const lessons = (await getCourse(COURSE))!.lessons.map((l) => l.slug);
		const early = completion(lessons[0], new Date('2026-11-20T01:00:00Z'));
		const later = completion(lessons[0], new Date('2026-11-20T01:30:00Z'));
		const second = completion(lessons[1], new Date('2026-11-20T01:10:00Z'));
		// The same id again in the batch: for the same lesson a resend; for another lesson a conflict.
		const resent = { ...second };
		const clash = { ...completion(lessons[2]), id: second.id };
		const practice = {
			...completion(lessons[1], new Date('2026-11-20T01:20:00Z')),
			kind: 'practice_answer',
			payload: { questionId: 'q1', chosen: ['a'], correct: true }
		};
		const rating = { ...completion(lessons[1]), kind: 'rating', payload: { face: 'useful' } };
		const { outcomes } = await applyEvents(learner, [later, second, resent, clash, practice, rating, early], ORIGIN);
		expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual([
			'applied',
			'applied',
			'duplicate',
			'id_conflict',
			'applied',
			'applied',
			'applied'
		]);
		// The earlier completion of the first lesson counts (the events are taken in the order they happened).
		const rows = await env.db
			.select({ lesson: lessonCompletions.lessonSlug, eventId: lessonCompletions.eventId })
			.from(lessonCompletions)
			.where(eq(lessonCompletions.userId, learner.id));
		expect(rows.sort((a, b) => a.lesson.localeCompare(b.lesson))).toEqual(
			[
				{ lesson: lessons[0], eventId: early.id },
				{ lesson: lessons[1], eventId: second.id }
			].sort((a, b) => a.lesson.localeCompare(b.lesson))
		);
		const summary = await first(
			env.db
				.select()
				.from(learnerCourses)
				.where(and(eq(learnerCourses.userId, learner.id), eq(learnerCourses.courseSlug, COURSE)))
		);
		expect(summary).toMatchObject({ lessonsDone: 2, lastLessonAt: new Date('2026-11-20T01:10:00Z') });
		expect(await env.db.select().from(learningEvents).where(eq(learningEvents.userId, learner.id))).toHaveLength(5);
		expect(await env.db.select().from(learnerRatings).where(eq(learnerRatings.userId, learner.id))).toHaveLength(1);
		// Sent again, all of it: nothing new, each answered as a resend, the conflict still a conflict.
		const again = await applyEvents(learner, [later, second, resent, clash, practice, rating, early], ORIGIN);
		expect(again.outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual([
			'duplicate',
			'duplicate',
			'duplicate',
			'id_conflict',
			'duplicate',
			'duplicate',
			'duplicate'
		]);
		expect(
			(await first(env.db.select().from(learnerCourses).where(eq(learnerCourses.userId, learner.id))))?.lessonsDone
		).toBe(2);
	});

	describe('refuses payloads over their caps or of the wrong shape, kind by kind', () => {
		const practice = (payload: unknown) => ({ ...completion('vaccination'), kind: 'practice_answer', payload });
		const exam = async (payload: Record<string, unknown>) => ({
			...(await attempt(true)),
			payload: { answers: {}, ...payload }
		});
		const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));
		const cases: [string, () => unknown][] = [
			[
				'a lesson completion with a payload',
				() => ({ ...completion('vaccination'), payload: { x: 'y'.repeat(1000) } })
			],
			['a practice answer without its question', () => practice({ chosen: ['a'], correct: true })],
			[
				'a practice answer with a long question id',
				() => practice({ questionId: 'q'.repeat(21), chosen: [], correct: true })
			],
			[
				'a practice answer with too many options',
				() => practice({ questionId: 'q1', chosen: many(11, String), correct: true })
			],
			[
				'a practice answer with a long option id',
				() => practice({ questionId: 'q1', chosen: ['a'.repeat(11)], correct: true })
			],
			['a practice answer with more in it', () => practice({ questionId: 'q1', chosen: [], correct: true, note: 'x' })],
			['a practice answer nested deep', () => practice({ questionId: 'q1', chosen: [[[['a']]]], correct: true })],
			[
				'an exam with too many answers',
				() => exam({ answers: Object.fromEntries(many(201, (i) => `q${i}`).map((q) => [q, ['a']])) })
			],
			['an exam with a long question id', () => exam({ answers: { ['q'.repeat(21)]: ['a'] } })],
			['an exam with too many options chosen', () => exam({ answers: { q1: many(11, String) } })],
			['an exam with a long option id', () => exam({ answers: { q1: ['a'.repeat(11)] } })],
			['an exam with a long ticket', () => exam({ ticket: 't'.repeat(513) })],
			['an exam with a long start time', () => exam({ startedAt: `2026-11-20T02:00:00Z${' '.repeat(100)}` })],
			['an exam with more in it', () => exam({ extra: 'x'.repeat(1000) })],
			['an event with a long time', () => ({ ...completion('vaccination'), clientAt: '2'.repeat(100) })]
		];
		it.each(cases)('%s', async (_, make) => {
			await applyEvents(learner, await allLessons(), ORIGIN);
			const event = (await make()) as { id: string };
			const { outcomes } = await applyEvents(learner, [event], ORIGIN);
			expect(outcomes).toEqual([{ id: event.id, status: 'rejected', reason: 'invalid' }]);
			expect(await env.db.select().from(learningEvents).where(eq(learningEvents.id, event.id))).toHaveLength(0);
		});

		it('takes the largest payloads that are within the caps', async () => {
			await applyEvents(learner, await allLessons(), ORIGIN);
			const answers = Object.fromEntries(many(200, (i) => `q${i}`).map((q) => [q, many(10, (i) => `o${i}`)]));
			const { outcomes } = await applyEvents(
				learner,
				[
					practice({ questionId: 'q'.repeat(20), chosen: many(10, () => 'a'.repeat(10)), correct: false }),
					await exam({ answers, ticket: 't'.repeat(512), startedAt: '2026-11-20T02:00:00.000+08:00' })
				],
				ORIGIN
			);
			// Within every cap, so not 'invalid'; the made-up ticket is then refused by the exam's own rule.
			expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual(['applied', 'bad_ticket']);
		});
	});
});
