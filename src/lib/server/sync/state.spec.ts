import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse } from '../content/index.ts';
import { users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { rightOptions, takeExam } from '../tooling/seed/ticketed-attempt.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { applyEvents } from './apply.ts';
import { learnerState, villageOf } from './state.ts';

const COURSE = 'raising-chickens';
let env: Awaited<ReturnType<typeof useDemoDatabase>>;

beforeEach(async () => {
	env = await useDemoDatabase();
	rememberExamVersion(COURSE);
});
afterEach(() => env.cleanup());

const learnerNamed = (username: string) =>
	env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!;

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

describe('learner state (what the phone keeps in its progress store)', () => {
	it('holds one learner’s lessons, attempts and certificates, with the certificate’s score and township', async () => {
		const learner = learnerNamed('13800000002');
		const other = learnerNamed('13800000003');
		const version = getCourse(COURSE)!.version;
		const at = new Date().toISOString();
		const lessons = getCourse(COURSE)!.lessons.map((l) => ({
			id: uuid(),
			userId: learner.id,
			kind: 'lesson_completed',
			courseSlug: COURSE,
			lessonSlug: l.slug,
			contentVersion: version,
			clientAt: at
		}));
		const taken = takeExam(learner.id, COURSE, rightOptions)!;
		const exam = { id: uuid(), clientAt: at, ...taken.event };
		await applyEvents(learner, [...lessons, exam], 'https://learn.example.cn');
		await applyEvents(other, [{ ...lessons[0], id: uuid(), userId: other.id }], 'https://learn.example.cn');

		const state = learnerState(learner.id);
		expect(state.userId).toBe(learner.id);
		expect(state.progress[COURSE]).toHaveLength(lessons.length);
		expect(state.attempts).toEqual([expect.objectContaining({ id: exam.id, passed: true })]);
		expect(state.certificates).toEqual([
			expect.objectContaining({ courseSlug: COURSE, score: state.attempts[0].score, township: '铜厂乡' })
		]);
		expect(learnerState(other.id).certificates).toEqual([]);
		expect(learnerState(other.id).progress[COURSE]).toEqual([lessons[0].lessonSlug]);
	});

	it('names the village of a learner’s household, and none for an account without one', () => {
		expect(villageOf(learnerNamed('13800000002').id)).toBe('新安村');
		expect(villageOf(learnerNamed('admin').id)).toBeNull();
	});
});
