import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam } from '../tooling/seed/ticketed-attempt.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { applyEvents } from './apply.ts';
import { learnerState, villageOf } from './state.ts';
import { first } from '../db/dialect.ts';

const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;

beforeEach(async () => {
	env = await useDemoDatabase();
	await rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

const learnerNamed = async (username: string) =>
	(await first(env.db.select({ id: users.id }).from(users).where(eq(users.username, username))))!;

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('learner state (what the phone keeps in its progress store)', () => {
	it('holds one learner’s lessons, attempts and certificates, with the certificate’s score and township', async () => {
		const learner = await learnerNamed('13800000002');
		const other = await learnerNamed('13800000003');
		const version = (await getCourse(COURSE))!.version;
		const at = new Date().toISOString();
		const lessons = (await getCourse(COURSE))!.lessons.map((l) => ({
			id: uuid(),
			userId: learner.id,
			kind: 'lesson_completed',
			courseSlug: COURSE,
			lessonSlug: l.slug,
			contentVersion: version,
			clientAt: at
		}));
		const taken = (await takeExam(learner.id, COURSE, rightOptions))!;
		const exam = { id: uuid(), clientAt: at, ...taken.event };
		await applyEvents(learner, [...lessons, exam], 'https://learn.example.cn');
		await applyEvents(other, [{ ...lessons[0], id: uuid(), userId: other.id }], 'https://learn.example.cn');

		const state = await learnerState(learner.id);
		expect(state.userId).toBe(learner.id);
		expect(state.progress[COURSE]).toHaveLength(lessons.length);
		expect(state.attempts).toEqual([expect.objectContaining({ id: exam.id, passed: true })]);
		expect(state.certificates).toEqual([
			expect.objectContaining({ courseSlug: COURSE, score: state.attempts[0].score, township: '铜厂乡' })
		]);
		expect((await learnerState(other.id)).certificates).toEqual([]);
		expect((await learnerState(other.id)).progress[COURSE]).toEqual([lessons[0].lessonSlug]);
	});

	it('names the village of a learner’s household, and none for an account without one', async () => {
		expect(await villageOf((await learnerNamed('13800000002')).id)).toBe('新安村');
		expect(await villageOf((await learnerNamed('admin')).id)).toBeNull();
	});
});
