import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import { seedDemoActivity } from '../tooling/seed/demo-activity.ts';
import { examAttempts, learningEvents, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam, wrongOption } from '../tooling/seed/ticketed-attempt.ts';
import { rememberExamVersion } from './exam-versions.ts';
import { applyEvents } from '../sync/apply.ts';
import { courseInsights } from './course-insights.ts';
import { first } from '../db/dialect.ts';

const COURSE = 'raising-chickens';
const ORIGIN = 'https://learn.example.cn';

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
beforeEach(async () => {
	env = await useDemoDatabase();
	await rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const learner = async (username: string) =>
	(await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, username))))!;

describe("a course's insights for its trainer", () => {
	it('counts learners per lesson and finds the question most get wrong, with the wrong answer they choose', async () => {
		const course = (await getCourse(COURSE))!;
		const questions = (await getExam(COURSE))!.questions;
		const hard = questions.find((q) => q.type === 'single')!;
		const trap = hard.options.find((o) => !o.correct)!;
		// Each event names its learner, as a phone stamps it.
		const base = (who: { id: number }) => ({
			id: id(),
			userId: who.id,
			courseSlug: COURSE,
			contentVersion: course.version,
			clientAt: new Date().toISOString()
		});
		const learners = await Promise.all(['13800000001', '13800000002', '13800000003'].map(learner));
		for (const [i, who] of learners.entries()) {
			// Everyone finishes the course; the first two fall for the same wrong answer to one question.
			const exam = (await takeExam(who.id, COURSE, (q) => (i < 2 && q.id === hard.id ? [trap.id] : rightOptions(q))))!;
			await applyEvents(
				who,
				[
					...course.lessons.map((l) => ({ ...base(who), kind: 'lesson_completed', lessonSlug: l.slug })),
					{ ...base(who), ...exam.event }
				],
				ORIGIN
			);
		}
		// A fourth learner stops after two lessons.
		const fourth = await learner('20000001');
		await applyEvents(
			fourth,
			course.lessons.slice(0, 2).map((l) => ({ ...base(fourth), kind: 'lesson_completed', lessonSlug: l.slug })),
			ORIGIN
		);

		const insights = (await courseInsights(COURSE))!;
		expect(insights.lessons.map((l) => l.completed)).toEqual(course.lessons.map((_, i) => (i < 2 ? 4 : 3)));
		expect(insights.attemptsAnalysed).toBe(3);
		expect(insights.questions[0]).toMatchObject({
			id: hard.id,
			asked: 3,
			right: 1,
			commonMistake: { text: trap.text, times: 2 }
		});
		expect(insights.questions[0].share).toBeCloseTo(1 / 3);
		for (const q of insights.questions.slice(1))
			expect(q).toMatchObject({ asked: 3, right: 3, share: 1, commonMistake: null });
		// Numbered as in the exam file, whatever order they are listed in.
		expect(insights.questions.map((q) => q.number).sort((a, b) => a - b)).toEqual(questions.map((_, i) => i + 1));
	});

	it("agrees with the graded scores: the questions' shares average to the attempts' mean score", async () => {
		await seedDemoActivity(ORIGIN, new Date('2026-11-29T06:00:00Z'));
		const insights = (await courseInsights(COURSE))!;
		const scores = await env.db
			.select({ score: examAttempts.score })
			.from(examAttempts)
			.where(eq(examAttempts.courseSlug, COURSE));
		expect(insights.attemptsAnalysed).toBe(scores.length);
		expect(scores.length).toBeGreaterThan(3);
		const meanShare = insights.questions.reduce((sum, q) => sum + q.share!, 0) / insights.questions.length;
		const meanScore = scores.reduce((sum, s) => sum + s.score, 0) / scores.length;
		expect(meanShare * 100).toBeCloseTo(meanScore, 0);
	});

	it('counts only attempts marked on a ticket: probes without one, refused or from before tickets, are left out', async () => {
		const course = (await getCourse(COURSE))!;
		const who = await learner('13800000001');
		const base = () => ({
			id: id(),
			userId: who.id,
			courseSlug: COURSE,
			contentVersion: course.version,
			clientAt: new Date().toISOString()
		});
		await applyEvents(
			who,
			course.lessons.map((l) => ({ ...base(), kind: 'lesson_completed', lessonSlug: l.slug })),
			ORIGIN
		);
		const questions = (await getExam(COURSE))!.questions;
		// Probes: one option of one question each, no ticket (how the key was read off before).
		const probes = questions.map((q) => ({
			...base(),
			kind: 'exam_attempt',
			payload: { seed: 1, answers: { [q.id]: [q.options[0].id] } }
		}));
		const refused = (await applyEvents(who, probes, ORIGIN)).outcomes;
		expect(refused.every((o) => o.status === 'rejected')).toBe(true);
		// A graded row from before tickets existed (ticket_id null) stays in the learner's history, not in statistics.
		const legacy = base();
		await env.db.insert(learningEvents).values({
			...legacy,
			userId: who.id,
			kind: 'exam_attempt',
			lessonSlug: null,
			payload: null,
			clientAt: new Date(),
			receivedAt: new Date()
		});
		await env.db.insert(examAttempts).values({
			eventId: legacy.id,
			userId: who.id,
			courseSlug: COURSE,
			contentVersion: course.version,
			seed: 1,
			answers: Object.fromEntries(questions.map((q) => [q.id, wrongOption(q)])),
			score: 0,
			passed: false,
			review: [],
			submittedAt: new Date(),
			gradedAt: new Date()
		});
		expect((await courseInsights(COURSE))!.attemptsAnalysed).toBe(0);
		expect((await courseInsights(COURSE))!.questions.every((q) => q.asked === 0)).toBe(true);

		await applyEvents(who, [{ ...base(), ...(await takeExam(who.id, COURSE, rightOptions))!.event }], ORIGIN);
		const insights = (await courseInsights(COURSE))!;
		expect(insights.attemptsAnalysed).toBe(1);
		expect(insights.questions.every((q) => q.asked === 1 && q.right === 1)).toBe(true);
	});

	it('is null for a course that does not exist', async () => {
		expect(await courseInsights('no-such-course')).toBeNull();
	});
});
