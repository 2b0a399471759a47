// The attacks of issue 13 ("exam integrity"), each as a learner would try it, through the sync path.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import { certificates, examAttempts, examTickets, lessonCompletions, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam, wrongOption } from '../tooling/seed/ticketed-attempt.ts';
import { applyEvents } from '../sync/apply.ts';
import { examStatus } from './exam-attempts.ts';
import { openExamTicket } from './exam-tickets.ts';
import { first } from '../db/dialect.ts';

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';
const POOL = 'phone-safety';
const NOW = new Date('2026-11-20T04:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learner: { id: number };
let other: { id: number };
let n = 0;
const uuid = () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`;

const learnerNamed = async (username: string) =>
	(await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, username))))!;

async function finishLessons(user: { id: number }, courseSlug: string) {
	const course = (await getCourse(courseSlug))!;
	const events = course.lessons.map((l) => ({
		id: uuid(),
		userId: user.id,
		kind: 'lesson_completed',
		courseSlug,
		lessonSlug: l.slug,
		contentVersion: course.version,
		clientAt: minutes(-60).toISOString()
	}));
	await applyEvents(user, events, ORIGIN, minutes(-59));
}

/** Sends one event and returns its outcome. */
async function send(user: { id: number }, event: Record<string, unknown>, arrivedAt = minutes(30)) {
	return (
		await applyEvents(
			user,
			[{ id: uuid(), userId: user.id, clientAt: minutes(20).toISOString(), ...event }],
			ORIGIN,
			arrivedAt
		)
	).outcomes[0];
}
const reason = (o: { status: string; reason?: string }) => (o.status === 'rejected' ? o.reason : o.status);

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = await learnerNamed('13800000001');
	other = await learnerNamed('13800000002');
	// Accounts made long before the exam, so only the rules under test move an event's date.
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
	await finishLessons(learner, COURSE);
});
afterEach(() => env.cleanup());

describe('exam attempts need a ticket', () => {
	it('no longer grades attempts dated 2001, 2001-01-02, … beyond the daily limit', async () => {
		const key = (await getExam(COURSE))!.questions;
		const contentVersion = (await getCourse(COURSE))!.version;
		const probes = Array.from({ length: 31 }, (_, day) => ({
			id: uuid(),
			userId: learner.id,
			kind: 'exam_attempt',
			courseSlug: COURSE,
			contentVersion,
			clientAt: new Date(Date.UTC(2001, 0, 1 + day)).toISOString(),
			// One option of one question per probe: how the key was read off the scores.
			payload: { answers: { [key[day % key.length].id]: [key[day % key.length].options[0].id] } }
		}));
		const { outcomes } = await applyEvents(learner, probes, ORIGIN, NOW);
		expect(outcomes.map(reason)).toEqual(probes.map(() => 'no_ticket'));
		expect(await env.db.select().from(examAttempts)).toHaveLength(0);
	});

	it('counts the daily limit by tickets on the server clock: old dates on the attempts change nothing', async () => {
		const perDay = (await getCourse(COURSE))!.examAttemptsPerDay;
		for (let i = 0; i < perDay; i++) {
			const attempt = (await takeExam(learner.id, COURSE, wrongOption, minutes(i)))!;
			const dated = new Date(Date.UTC(2001, 0, 1 + i)).toISOString();
			// Dated 2001: clamped to the start of the offline window, which is before its ticket.
			expect(reason(await send(learner, { ...attempt.event, clientAt: dated }))).toBe('outside_ticket_window');
			expect(reason(await send(learner, { ...attempt.event, clientAt: minutes(i + 1).toISOString() }))).toBe('applied');
		}
		// Every ticket of the day is used: a phone's dates cannot buy more.
		expect(await openExamTicket(learner.id, COURSE, minutes(10))).toEqual({ refused: 'too_many_attempts' });
		expect(await examStatus(learner.id, COURSE, minutes(10))).toMatchObject({
			canStart: false,
			blockedBy: 'too_many_attempts'
		});
		// The next day (China time) there are tickets again.
		expect(await openExamTicket(learner.id, COURSE, new Date('2026-11-20T16:01:00Z'))).toHaveProperty('ticket');
	});

	it('gives the same open ticket when the exam is opened again, so reopening costs no attempt', async () => {
		const first = await openExamTicket(learner.id, COURSE, minutes(0));
		const again = await openExamTicket(learner.id, COURSE, minutes(5));
		expect(again).toEqual(first);
		expect(await env.db.select().from(examTickets)).toHaveLength(1);
		expect((await examStatus(learner.id, COURSE, minutes(5)))!.attemptsLeft).toBe(
			(await getCourse(COURSE))!.examAttemptsPerDay
		);
	});

	it('grades a ticket once: a second attempt on a used ticket is refused', async () => {
		const attempt = (await takeExam(learner.id, COURSE, rightOptions, minutes(0)))!;
		expect(await send(learner, attempt.event)).toMatchObject({ status: 'applied', attempt: { score: 100 } });
		expect(reason(await send(learner, attempt.event))).toBe('ticket_used');
		expect(await env.db.select().from(examAttempts)).toHaveLength(1);
		expect(await env.db.select().from(certificates)).toHaveLength(1);
	});

	it('grades once when two attempts on one ticket arrive together', async () => {
		const attempt = (await takeExam(learner.id, COURSE, rightOptions, minutes(0)))!;
		const both = [0, 1].map(() => ({ id: uuid(), clientAt: minutes(20).toISOString(), ...attempt.event }));
		const [a, b] = await Promise.all([
			applyEvents(learner, [both[0]], ORIGIN, minutes(30)),
			applyEvents(learner, [both[1]], ORIGIN, minutes(30))
		]);
		expect([reason(a.outcomes[0]), reason(b.outcomes[0])].sort()).toEqual(['applied', 'ticket_used']);
		expect(await env.db.select().from(examAttempts)).toHaveLength(1);
	});

	it("refuses another learner's ticket, another course's, and a ticket whose signature or row is made up", async () => {
		await finishLessons(other, COURSE);
		const mine = (await takeExam(learner.id, COURSE, rightOptions, minutes(0)))!;
		expect(reason(await send(other, { ...mine.event, userId: other.id }))).toBe('bad_ticket');

		await finishLessons(learner, 'shop-accounts');
		const shop = (await takeExam(learner.id, 'shop-accounts', rightOptions, minutes(0)))!;
		expect(reason(await send(learner, { ...mine.event, payload: shop.event.payload }))).toBe('bad_ticket');

		const [id, signature] = mine.ticket.token.split('.');
		const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
		const forged = { ...mine.event, payload: { ...mine.event.payload, ticket: `${id}.${flipped}` } };
		expect(reason(await send(learner, forged))).toBe('bad_ticket');
		const unknownId = { ...mine.event, payload: { ...mine.event.payload, ticket: `${'a'.repeat(24)}.${signature}` } };
		expect(reason(await send(learner, unknownId))).toBe('bad_ticket');
		expect(await env.db.select().from(examAttempts)).toHaveLength(0);
	});

	it('refuses an attempt dated before its ticket, or after the ticket ran out', async () => {
		const attempt = (await takeExam(learner.id, COURSE, rightOptions, minutes(0)))!;
		const before = await send(learner, { ...attempt.event, clientAt: minutes(-24 * 60).toISOString() });
		expect(reason(before)).toBe('outside_ticket_window');

		const old = (await takeExam(learner.id, 'shop-accounts', rightOptions, new Date('2026-10-01T00:00:00Z')))!;
		await finishLessons(learner, 'shop-accounts');
		// Taken 40 days after its ticket (the window is 30), sent a little later.
		const late = await send(
			learner,
			{ ...old.event, clientAt: '2026-11-10T00:00:00Z' },
			new Date('2026-11-10T01:00:00Z')
		);
		expect(reason(late)).toBe('outside_ticket_window');
		expect(await env.db.select().from(examAttempts)).toHaveLength(0);
	});

	it('accepts an attempt taken offline within the window, dated when it was taken', async () => {
		const attempt = (await takeExam(learner.id, COURSE, rightOptions, minutes(0)))!;
		const taken = new Date(NOW.getTime() + 3 * 86_400_000);
		const outcome = await send(learner, { ...attempt.event, clientAt: taken.toISOString() }, minutes(6 * 24 * 60));
		expect(outcome).toMatchObject({ status: 'applied', attempt: { submittedAt: taken } });
	});

	it('refuses answers to questions the ticket did not ask', async () => {
		await finishLessons(learner, POOL);
		const attempt = (await takeExam(learner.id, POOL, rightOptions, minutes(0)))!;
		const exam = (await getExam(POOL))!;
		expect(exam.draw).toBeLessThan(exam.questions.length);
		expect(attempt.questions).toHaveLength(exam.draw!);
		const notAsked = exam.questions.find((q) => !attempt.ticket.questionIds.includes(q.id))!;
		const probing = {
			...attempt.event,
			payload: {
				...attempt.event.payload,
				answers: { ...attempt.event.payload.answers, [notAsked.id]: rightOptions(notAsked) }
			}
		};
		expect(reason(await send(learner, probing))).toBe('answers_outside_ticket');
		// The ticket is still good for an honest attempt, marked on the drawn questions only.
		expect(await send(learner, attempt.event)).toMatchObject({ status: 'applied', attempt: { score: 100 } });
	});
});

describe('event times', () => {
	it('moves a lesson dated 2001 to the start of the offline window, and one from the future to its arrival', async () => {
		const course = (await getCourse('shop-accounts'))!;
		const lesson = (slug: string, clientAt: string) => ({
			id: uuid(),
			userId: learner.id,
			kind: 'lesson_completed',
			courseSlug: course.slug,
			lessonSlug: slug,
			contentVersion: course.version,
			clientAt
		});
		await applyEvents(
			learner,
			[lesson(course.lessons[0].slug, '2001-01-01T00:00:00Z'), lesson(course.lessons[1].slug, '2030-01-01T00:00:00Z')],
			ORIGIN,
			NOW
		);
		const rows = await env.db.select().from(lessonCompletions).where(eq(lessonCompletions.courseSlug, course.slug));
		const at = Object.fromEntries(rows.map((r) => [r.lessonSlug, r.completedAt.toISOString()]));
		expect(at[course.lessons[0].slug]).toBe(new Date(NOW.getTime() - 30 * 86_400_000).toISOString());
		expect(at[course.lessons[1].slug]).toBe(NOW.toISOString());
	});
});
