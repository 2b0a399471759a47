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
/** The China calendar day (UTC+8) of a moment, as the state's days name it. */
const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
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

	it('reads every list of the state in one statement, each value as its column gives it', async () => {
		const learner = await learnerNamed('13800000001');
		const course = (await getCourse(COURSE))!;
		const at = new Date();
		const event = (kind: string, extra: Record<string, unknown>) => ({
			id: uuid(),
			userId: learner.id,
			courseSlug: COURSE,
			contentVersion: course.version,
			clientAt: at.toISOString(),
			kind,
			...extra
		});
		const lessons = course.lessons.map((l) => event('lesson_completed', { lessonSlug: l.slug }));
		// The ticket opened a minute before: the attempt is dated when it was handed in.
		const taken = (await takeExam(learner.id, COURSE, rightOptions, new Date(at.getTime() - 60_000)))!;
		const exam = { ...taken.event, id: uuid(), clientAt: at.toISOString() };
		const events = [
			...lessons,
			exam,
			event('rating', { payload: { face: 'useful', comment: '很有用' } }),
			event('rating', { lessonSlug: course.lessons[0].slug, payload: { face: 'hard' } }),
			event('not_understood', { lessonSlug: course.lessons[1].slug }),
			{ id: uuid(), userId: learner.id, kind: 'goal_set', clientAt: at.toISOString(), payload: { lessonsPerWeek: 5 } }
		];
		const { outcomes } = await applyEvents(learner, events, 'https://learn.example.cn', at);
		expect(outcomes.filter((o) => o.status !== 'applied')).toEqual([]);

		const state = await learnerState(learner.id, at);
		expect(Object.keys(state).sort()).toEqual(
			['attempts', 'certificates', 'goal', 'lessonDays', 'notUnderstood', 'progress', 'ratings', 'userId'].sort()
		);
		expect(state.progress).toEqual({ [COURSE]: expect.arrayContaining(course.lessons.map((l) => l.slug)) });
		expect(state.progress[COURSE]).toHaveLength(course.lessons.length);
		const [attempt] = state.attempts;
		expect(state.attempts).toHaveLength(1);
		expect(attempt).toEqual({
			id: exam.id,
			courseSlug: COURSE,
			score: expect.any(Number),
			passed: true,
			review: expect.any(Array),
			submittedAt: expect.any(Date)
		});
		expect(attempt.submittedAt.getTime()).toBe(at.getTime());
		const [certificate] = state.certificates;
		expect(certificate).toEqual({
			number: expect.any(String),
			courseSlug: COURSE,
			courseTitle: course.title,
			score: attempt.score,
			township: '金河镇',
			issuedAt: expect.any(Date),
			revokedAt: null
		});
		expect(state.goal).toEqual({ lessonsPerWeek: 5, setAt: at.toISOString() });
		expect(state.lessonDays).toEqual({ [chinaDay(at)]: course.lessons.length });
		expect(state.ratings).toEqual({
			[COURSE]: { face: 'useful', comment: '很有用', at: at.toISOString() },
			[`${COURSE}/${course.lessons[0].slug}`]: { face: 'hard', comment: null, at: at.toISOString() }
		});
		expect(state.notUnderstood).toEqual([`${COURSE}/${course.lessons[1].slug}`]);
		// The answer the phone gets is JSON: every time as an ISO string, as the protocol says.
		const sent = JSON.parse(JSON.stringify(state));
		expect(sent.attempts[0].submittedAt).toBe(at.toISOString());
		expect(sent.certificates[0].issuedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it('is empty for a learner who has done nothing yet, and for a learner who does not exist', async () => {
		const learner = await learnerNamed('13800000003');
		const empty = {
			progress: {},
			attempts: [],
			certificates: [],
			goal: null,
			lessonDays: {},
			ratings: {},
			notUnderstood: []
		};
		expect(await learnerState(learner.id)).toEqual({ userId: learner.id, ...empty });
		expect(await learnerState(999_999)).toEqual({ userId: 999_999, ...empty });
	});

	it('names the village of a learner’s household, and none for an account without one', async () => {
		expect(await villageOf((await learnerNamed('13800000002')).id)).toBe('新安村');
		expect(await villageOf((await learnerNamed('admin')).id)).toBeNull();
	});
});
