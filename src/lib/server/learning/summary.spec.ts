import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import { revokeCertificate } from '../certificates/records.ts';
import { certificates, learnerCourses, users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam, wrongOption } from '../tooling/seed/ticketed-attempt.ts';
import { rememberExamVersion } from './exam-versions.ts';
import { applyEvents } from '../sync/apply.ts';
import { rebuildLearnerCourses } from './summary.ts';
import { first as firstRow } from '../db/dialect.ts';
import { writeTransaction } from '../db/index.ts';

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learners: { id: number; townshipId: number | null; countyId: number | null }[];

beforeEach(async () => {
	env = await useDemoDatabase();
	learners = await Promise.all(
		['13800000001', '13800000002'].map(
			async (username) =>
				(await firstRow(
					env.db
						.select({ id: users.id, townshipId: users.townshipId, countyId: users.countyId })
						.from(users)
						.where(eq(users.username, username))
				))!
		)
	);
	// Accounts older than the events, so their dates stand as sent.
	await env.db.update(users).set({ createdAt: new Date('2026-01-01T00:00:00Z') });
	await rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const version = async () => (await getCourse(COURSE))!.version;
const at = (day: number, hour = 2) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const completion = async (lesson: string, day: number) => ({
	id: uuid(),
	kind: 'lesson_completed',
	courseSlug: COURSE,
	lessonSlug: lesson,
	contentVersion: await version(),
	clientAt: at(day)
});
const practice = async (lesson: string, day: number) => ({
	...(await completion(lesson, day)),
	kind: 'practice_answer',
	payload: { questionId: 'q1', chosen: ['a'], correct: false }
});
/** An attempt on a ticket opened an hour before (server clock), with the first share of its questions right. */
async function attempt(user: { id: number }, rightShare: number, day: number) {
	const questionCount = (await getExam(COURSE))!.questions.length;
	const taken = (await takeExam(
		user.id,
		COURSE,
		(q, i) => (i < questionCount * rightShare ? rightOptions(q) : wrongOption(q)),
		new Date(new Date(at(day, 5)).getTime() - 3_600_000)
	))!;
	return { id: uuid(), clientAt: at(day, 5), ...taken.event };
}

/** Sends events as the learner's phone would, each stamped with the learner. */
const apply = (who: { id: number }, events: object[]) =>
	applyEvents(
		who,
		events.map((e) => ({ ...e, userId: who.id })),
		ORIGIN
	);

const summary = async () =>
	await env.db.select().from(learnerCourses).orderBy(asc(learnerCourses.userId), asc(learnerCourses.courseSlug));
const lastActive = async () =>
	await env.db
		.select({ id: users.id, at: users.lastActiveAt, valid: users.validCertificates })
		.from(users)
		.orderBy(asc(users.id));

describe('learner-course summary', () => {
	it('is kept by every event path exactly as a rebuild from the recorded rows makes it', async () => {
		const lessons = (await getCourse(COURSE))!.lessons.map((l) => l.slug);
		const [first, second] = learners;
		// Out of order, doubled, a practice answer, a failed and a passed attempt, a second learner.
		const done = await Promise.all(lessons.map((slug, i) => completion(slug, 10 + i)));
		await apply(first, [done[2], done[0], done[0], await practice(lessons[1], 25)]);
		await apply(first, [...done.slice(1), done[2]]);
		await apply(first, [await attempt(first, 0.2, 21)]);
		const pass = await attempt(first, 1, 22);
		await apply(first, [pass, pass]);
		await apply(second, [await completion(lessons[0], 3), await attempt(second, 0.3, 4)]);

		const kept = await summary();
		expect(kept).toEqual([
			{
				userId: first.id,
				courseSlug: COURSE,
				// The learner's township, so a township's or a county's figures read their own rows.
				townshipId: first.townshipId,
				lessonsDone: lessons.length,
				lastLessonAt: new Date(at(10 + lessons.length - 1)),
				attempts: 2,
				passedAttempts: 1,
				bestScore: 100,
				lastAttemptAt: new Date(at(22, 5)),
				// The learner's county (issue 17: the column a province's database would be sharded by).
				countyId: first.countyId
			},
			// The second learner's attempt is refused (lessons first): the summary has only the lesson.
			{
				userId: second.id,
				courseSlug: COURSE,
				townshipId: second.townshipId,
				lessonsDone: 1,
				lastLessonAt: new Date(at(3)),
				attempts: 0,
				passedAttempts: 0,
				bestScore: null,
				lastAttemptAt: null,
				countyId: second.countyId
			}
		]);
		const active = await lastActive();
		expect(active.find((u) => u.id === first.id)).toMatchObject({ at: new Date(at(25)), valid: 1 });
		expect(active.find((u) => u.id === second.id)).toMatchObject({ at: new Date(at(3)), valid: 0 });

		await writeTransaction(async (tx) => rebuildLearnerCourses(tx), env.db);
		expect(await summary()).toEqual(kept);
		expect(await lastActive()).toEqual(active);

		// A revoked certificate is no longer counted, and a rebuild agrees.
		const cert = (await firstRow(env.db.select().from(certificates).where(eq(certificates.userId, first.id))))!;
		expect(await revokeCertificate({ id: first.id, townshipId: cert.townshipId }, cert.number, '测试')).toBe(true);
		const afterRevoke = await lastActive();
		expect(afterRevoke.find((u) => u.id === first.id)?.valid).toBe(0);
		await writeTransaction(async (tx) => rebuildLearnerCourses(tx), env.db);
		expect(await lastActive()).toEqual(afterRevoke);
	});
});
