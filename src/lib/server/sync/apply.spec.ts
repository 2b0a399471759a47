import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import { certificates, examAttempts, examVersions, learningEvents, lessonCompletions, users } from '../db/schema.ts';
import { useDemoDatabase } from '../db/test-db.ts';
import { rightOptions, takeExam, wrongOption } from '../db/ticketed-attempt.ts';
import { issued, issueTicket } from '../learning/exam-tickets.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { applyEvents } from './apply.ts';

const ORIGIN = 'https://learn.example.cn';
const issueTicketFor = (...args: Parameters<typeof issueTicket>) => issued(issueTicket(...args));
const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learner: { id: number };
let version: string;

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001')).get()!;
	version = getCourse(COURSE)!.version;
	// An account older than the events, so their dates stand as sent.
	env.db
		.update(users)
		.set({ createdAt: new Date('2026-01-01T00:00:00Z') })
		.run();
	rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const completion = (lesson: string, at = new Date('2026-11-20T02:00:00Z')) => ({
	id: uuid(),
	kind: 'lesson_completed',
	courseSlug: COURSE,
	lessonSlug: lesson,
	contentVersion: version,
	clientAt: at.toISOString()
});
/** An attempt on a ticket opened a minute before it was taken (server clock), as the exam page gives one. */
function attempt(correct: boolean, at = new Date('2026-11-20T03:00:00Z')) {
	const taken = takeExam(learner.id, COURSE, correct ? rightOptions : wrongOption, new Date(at.getTime() - 60_000));
	if (!taken) throw new Error('no ticket');
	return { id: uuid(), clientAt: at.toISOString(), ...taken.event };
}
const allLessons = () => getCourse(COURSE)!.lessons.map((l) => completion(l.slug));

describe('applyEvents', () => {
	it('counts a lesson completion once however often it is sent', async () => {
		const event = completion('vaccination');
		const first = await applyEvents(learner, [event, event], ORIGIN);
		const again = await applyEvents(learner, [event], ORIGIN);
		expect(again.outcomes).toEqual([{ id: event.id, status: 'duplicate' }]);
		expect(first.outcomes.every((o) => o.status !== 'rejected')).toBe(true);
		expect(env.db.select().from(lessonCompletions).all()).toHaveLength(1);
		expect(env.db.select().from(learningEvents).all()).toHaveLength(1);
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

	it('refuses the exam before all lessons are done', async () => {
		const { outcomes } = await applyEvents(learner, [attempt(true)], ORIGIN);
		expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: 'lessons_not_done' });
		expect(env.db.select().from(examAttempts).all()).toHaveLength(0);
	});

	it('marks an attempt once, names lessons to review, and issues the certificate on a pass', async () => {
		const failed = attempt(false);
		const result = await applyEvents(learner, [...allLessons(), failed], ORIGIN);
		const graded = result.outcomes.at(-1)!;
		expect(graded).toMatchObject({ status: 'applied', attempt: { score: 0, passed: false } });
		if (graded.status === 'rejected' || !graded.attempt) throw new Error('not graded');
		expect(graded.attempt.review.length).toBeGreaterThan(0);
		expect(result.certificates).toEqual([]);

		const resent = await applyEvents(learner, [failed], ORIGIN);
		expect(resent.outcomes[0]).toMatchObject({ status: 'duplicate', attempt: { score: 0 } });

		const passed = await applyEvents(learner, [attempt(true)], ORIGIN);
		expect(passed.outcomes[0]).toMatchObject({ status: 'applied', attempt: { score: 100, passed: true } });
		expect(passed.certificates).toHaveLength(1);
		const cert = env.db.select().from(certificates).get()!;
		expect(cert).toMatchObject({ userId: learner.id, courseSlug: COURSE, score: 100 });
		expect(cert.credential).toMatchObject({ type: expect.arrayContaining(['OpenBadgeCredential']) });
		// Once per learner and course.
		await applyEvents(learner, [attempt(true)], ORIGIN);
		expect(env.db.select().from(certificates).all()).toHaveLength(1);
	});

	it('allows the course’s number of tickets per day (China time, server clock) and no more', async () => {
		await applyEvents(learner, allLessons(), ORIGIN);
		const day = new Date('2026-11-20T15:59:00Z'); // 23:59 in Beijing
		for (const i of [1, 2, 3]) {
			const { outcomes } = await applyEvents(
				learner,
				[attempt(false, new Date(day.getTime() + i * 1000))],
				ORIGIN,
				day
			);
			expect(outcomes[0].status).toBe('applied');
		}
		expect(() => attempt(false, new Date(day.getTime() + 5000))).toThrow('no ticket');
		const nextDay = attempt(false, new Date('2026-11-20T16:02:00Z')); // 00:01 the next day in Beijing, when issued
		expect((await applyEvents(learner, [nextDay], ORIGIN, new Date('2026-11-21T00:00:00Z'))).outcomes[0].status).toBe(
			'applied'
		);
	});

	it('marks an attempt against the exam version it was taken on, and refuses a version never served', async () => {
		await applyEvents(learner, allLessons(), ORIGIN);
		const unknown = { ...attempt(true), contentVersion: 'abcdef123456' };
		expect((await applyEvents(learner, [unknown], ORIGIN)).outcomes[0]).toMatchObject({ reason: 'unknown_version' });
		// An older version whose key differs: today's right answers are wrong there, so the score must follow it.
		const old = getExam(COURSE)!.questions.map((q) => ({
			...q,
			options: q.options.map((o) => ({ ...o, correct: !o.correct }))
		}));
		env.db
			.insert(examVersions)
			.values({ courseSlug: COURSE, version: '0123456789ab', questions: old, passMark: 60 })
			.run();
		// A ticket of that version (as a phone that saved the course before the change would hold).
		const ticket = env.db.transaction((tx) =>
			issueTicketFor(tx, {
				userId: learner.id,
				courseSlug: COURSE,
				version: '0123456789ab',
				key: { questions: old as never, passMark: 60, draw: null },
				now: new Date('2026-11-20T02:00:00Z')
			})
		);
		const answers = Object.fromEntries(old.map((q) => [q.id, q.options.filter((o) => !o.correct).map((o) => o.id)]));
		const takenOnOld = {
			id: uuid(),
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
});
