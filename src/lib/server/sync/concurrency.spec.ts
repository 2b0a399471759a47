// What must not race when several requests for one learner run at the same moment: on PostgreSQL each takes a
// connection and a transaction of its own (READ COMMITTED), so these run truly side by side there; on SQLite they
// take turns at the write lock. The same assertions hold on both engines (npm run test:unit:pg runs this file on
// PostgreSQL).
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import { first } from '../db/dialect.ts';
import { certificates, examTickets, learningEvents, lessonCompletions, learnerCourses, users } from '../db/schema.ts';
import { issued, issueTicket, openExamTicket } from '../learning/exam-tickets.ts';
import { examKey, rememberExamVersion } from '../learning/exam-versions.ts';
import { ticketQuestions } from '../quiz/draw.ts';
import { writeTransaction } from '../db/index.ts';
import { useDemoDatabase, type FreshDatabase } from '../tooling/test-db.ts';
import { rightOptions } from '../tooling/seed/ticketed-attempt.ts';
import { applyEvents } from './apply.ts';

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';
const NOW = new Date('2026-11-20T04:00:00Z');
let env: FreshDatabase;
let learner: { id: number };

beforeEach(async () => {
	env = await useDemoDatabase();
	learner = (await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, '13800000001'))))!;
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
	await rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
async function completions() {
	const course = (await getCourse(COURSE))!;
	return course.lessons.map((l, i) => ({
		id: uuid(),
		userId: learner.id,
		kind: 'lesson_completed',
		courseSlug: COURSE,
		lessonSlug: l.slug,
		contentVersion: course.version,
		clientAt: new Date(NOW.getTime() - (60 - i) * 60_000).toISOString()
	}));
}

describe('requests of one learner at the same moment', () => {
	it('open one exam ticket between them, however many ask at once', async () => {
		const answers = await Promise.all(Array.from({ length: 8 }, () => openExamTicket(learner.id, COURSE, NOW)));
		const ids = answers.map((a) => ('ticket' in a ? a.ticket.id : a.refused));
		expect(new Set(ids).size).toBe(1);
		expect(await env.db.select().from(examTickets).where(eq(examTickets.userId, learner.id))).toHaveLength(1);
	});

	it('record a batch sent twice at once once: every event applied by one and a duplicate to the other', async () => {
		const batch = await completions();
		const [a, b] = await Promise.all([
			applyEvents(learner, batch, ORIGIN, NOW),
			applyEvents(learner, batch, ORIGIN, NOW)
		]);
		for (let i = 0; i < batch.length; i++)
			expect([a.outcomes[i].status, b.outcomes[i].status].sort()).toEqual(['applied', 'duplicate']);
		const events = await env.db.select().from(learningEvents).where(eq(learningEvents.userId, learner.id));
		expect(events).toHaveLength(batch.length);
		const done = await env.db.select().from(lessonCompletions).where(eq(lessonCompletions.userId, learner.id));
		expect(done).toHaveLength(batch.length);
		const summary = await first(
			env.db
				.select()
				.from(learnerCourses)
				.where(and(eq(learnerCourses.userId, learner.id), eq(learnerCourses.courseSlug, COURSE)))
		);
		expect(summary?.lessonsDone).toBe(batch.length);
	});

	it('issue one certificate when two passing attempts on two tickets arrive at once', async () => {
		await applyEvents(learner, await completions(), ORIGIN, NOW);
		// Two tickets for one exam (as over two days), each answered right, handed in at the same moment.
		const course = (await getCourse(COURSE))!;
		const key = (await examKey(COURSE, course.version))!;
		const exam = (await getExam(COURSE))!;
		const tickets = await writeTransaction(async (tx) => [
			await issued(
				await issueTicket(tx, { userId: learner.id, courseSlug: COURSE, version: course.version, key, now: NOW })
			),
			await issued(
				await issueTicket(tx, { userId: learner.id, courseSlug: COURSE, version: course.version, key, now: NOW })
			)
		]);
		const attempts = tickets.map((ticket) => ({
			id: uuid(),
			userId: learner.id,
			kind: 'exam_attempt',
			courseSlug: COURSE,
			contentVersion: course.version,
			clientAt: new Date(NOW.getTime() + 60_000).toISOString(),
			payload: {
				ticket: ticket.token,
				answers: Object.fromEntries(
					ticketQuestions(exam.questions, ticket.seed, ticket.questionIds).map((q) => [q.id, rightOptions(q)])
				)
			}
		}));
		const later = new Date(NOW.getTime() + 120_000);
		const answers = await Promise.all(attempts.map((a) => applyEvents(learner, [a], ORIGIN, later)));
		expect(answers.map((a) => a.outcomes[0].status)).toEqual(['applied', 'applied']);
		const issuedRows = await env.db.select().from(certificates).where(eq(certificates.userId, learner.id));
		expect(issuedRows).toHaveLength(1);
		expect(answers.flatMap((a) => a.certificates).every((number) => number === issuedRows[0].number)).toBe(true);
		const holder = await first(env.db.select().from(users).where(eq(users.id, learner.id)));
		expect(holder?.validCertificates).toBe(1);
	});
});
