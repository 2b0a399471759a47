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

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let learners: { id: number }[];

beforeEach(async () => {
	env = await useDemoDatabase();
	learners = ['13800000001', '13800000002'].map((username) =>
		env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!
	);
	// Accounts older than the events, so their dates stand as sent.
	env.db
		.update(users)
		.set({ createdAt: new Date('2026-01-01T00:00:00Z') })
		.run();
	rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const version = () => getCourse(COURSE)!.version;
const at = (day: number, hour = 2) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
const completion = (lesson: string, day: number) => ({
	id: uuid(),
	kind: 'lesson_completed',
	courseSlug: COURSE,
	lessonSlug: lesson,
	contentVersion: version(),
	clientAt: at(day)
});
const practice = (lesson: string, day: number) => ({
	...completion(lesson, day),
	kind: 'practice_answer',
	payload: { questionId: 'q1', chosen: ['a'], correct: false }
});
/** An attempt on a ticket opened an hour before (server clock), with the first share of its questions right. */
function attempt(user: { id: number }, rightShare: number, day: number) {
	const taken = takeExam(
		user.id,
		COURSE,
		(q, i) => (i < getExam(COURSE)!.questions.length * rightShare ? rightOptions(q) : wrongOption(q)),
		new Date(new Date(at(day, 5)).getTime() - 3_600_000)
	)!;
	return { id: uuid(), clientAt: at(day, 5), ...taken.event };
}

/** Sends events as the learner's phone would, each stamped with the learner. */
const apply = (who: { id: number }, events: object[]) =>
	applyEvents(
		who,
		events.map((e) => ({ ...e, userId: who.id })),
		ORIGIN
	);

const summary = () =>
	env.db.select().from(learnerCourses).orderBy(asc(learnerCourses.userId), asc(learnerCourses.courseSlug)).all();
const lastActive = () =>
	env.db
		.select({ id: users.id, at: users.lastActiveAt, valid: users.validCertificates })
		.from(users)
		.orderBy(asc(users.id))
		.all();

describe('learner-course summary', () => {
	it('is kept by every event path exactly as a rebuild from the recorded rows makes it', async () => {
		const lessons = getCourse(COURSE)!.lessons.map((l) => l.slug);
		const [first, second] = learners;
		// Out of order, doubled, a practice answer, a failed and a passed attempt, a second learner.
		const done = lessons.map((slug, i) => completion(slug, 10 + i));
		await apply(first, [done[2], done[0], done[0], practice(lessons[1], 25)]);
		await apply(first, [...done.slice(1), done[2]]);
		await apply(first, [attempt(first, 0.2, 21)]);
		const pass = attempt(first, 1, 22);
		await apply(first, [pass, pass]);
		await apply(second, [completion(lessons[0], 3), attempt(second, 0.3, 4)]);

		const kept = summary();
		expect(kept).toEqual([
			{
				userId: first.id,
				courseSlug: COURSE,
				lessonsDone: lessons.length,
				lastLessonAt: new Date(at(10 + lessons.length - 1)),
				attempts: 2,
				passedAttempts: 1,
				bestScore: 100,
				lastAttemptAt: new Date(at(22, 5))
			},
			// The second learner's attempt is refused (lessons first): the summary has only the lesson.
			{
				userId: second.id,
				courseSlug: COURSE,
				lessonsDone: 1,
				lastLessonAt: new Date(at(3)),
				attempts: 0,
				passedAttempts: 0,
				bestScore: null,
				lastAttemptAt: null
			}
		]);
		const active = lastActive();
		expect(active.find((u) => u.id === first.id)).toMatchObject({ at: new Date(at(25)), valid: 1 });
		expect(active.find((u) => u.id === second.id)).toMatchObject({ at: new Date(at(3)), valid: 0 });

		env.db.transaction((tx) => rebuildLearnerCourses(tx));
		expect(summary()).toEqual(kept);
		expect(lastActive()).toEqual(active);

		// A revoked certificate is no longer counted, and a rebuild agrees.
		const cert = env.db.select().from(certificates).where(eq(certificates.userId, first.id)).get()!;
		expect(revokeCertificate({ id: first.id, townshipId: cert.townshipId }, cert.number, '测试')).toBe(true);
		const afterRevoke = lastActive();
		expect(afterRevoke.find((u) => u.id === first.id)?.valid).toBe(0);
		env.db.transaction((tx) => rebuildLearnerCourses(tx));
		expect(lastActive()).toEqual(afterRevoke);
	});
});
