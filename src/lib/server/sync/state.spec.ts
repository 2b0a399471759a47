import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCourse, getExam } from '../content/index.ts';
import { users } from '../db/schema.ts';
import { useDemoDatabase } from '../db/test-db.ts';
import { rememberExamVersion } from '../quiz/versions.ts';
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
		const at = '2026-11-20T02:00:00.000Z';
		const lessons = getCourse(COURSE)!.lessons.map((l) => ({
			id: uuid(),
			kind: 'lesson_completed',
			courseSlug: COURSE,
			lessonSlug: l.slug,
			contentVersion: version,
			clientAt: at
		}));
		const answers = Object.fromEntries(
			getExam(COURSE)!.questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)])
		);
		const exam = { id: uuid(), kind: 'exam_attempt', courseSlug: COURSE, contentVersion: version, clientAt: at };
		await applyEvents(learner, [...lessons, { ...exam, payload: { seed: 7, answers } }], 'https://learn.example.cn');
		await applyEvents(other, [{ ...lessons[0], id: uuid() }], 'https://learn.example.cn');

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
