import { describe, expect, it } from 'vitest';
import type { LearnerState, OutboxEvent } from '../offline/outbox.ts';
import { courseStanding, startedCourses } from './standing.ts';

const COURSE = {
	slug: 'chickens',
	lessonSlugs: ['house', 'feed', 'money'],
	requireAllLessons: true,
	hasExam: true,
	examAttemptsPerDay: 2
};
// 10:00 in China on 29 November.
const NOW = new Date('2026-11-29T02:00:00.000Z');
const YESTERDAY = '2026-11-28T10:00:00.000Z';
const THIS_MORNING = '2026-11-28T23:30:00.000Z';

const state = (over: Partial<LearnerState> = {}): LearnerState => ({
	userId: 7,
	progress: {},
	attempts: [],
	certificates: [],
	...over
});
let n = 0;
const event = (kind: OutboxEvent['kind'], over: Partial<OutboxEvent> = {}): OutboxEvent =>
	// Any kind with its fields as given: the per-kind payload shapes are not what these tests are about.
	({
		id: `e${++n}`,
		userId: 7,
		kind,
		courseSlug: 'chickens',
		contentVersion: 'abc123',
		clientAt: THIS_MORNING,
		...over
	}) as OutboxEvent;
const attempt = (submittedAt: string, passed = false, score = 40) => ({
	id: `a${++n}`,
	courseSlug: 'chickens',
	score,
	passed,
	review: [],
	submittedAt
});

describe('courseStanding', () => {
	it.each([
		{
			name: 'nothing known: lessons stand before the exam',
			state: null,
			pending: [],
			want: { doneCount: 0, examBlock: 'lessons_not_done', attemptsLeft: 2, examPending: false, certificate: null }
		},
		{
			name: 'lessons done on the server and offline together open the exam',
			state: state({ progress: { chickens: ['house', 'feed'], other: ['x'] } }),
			pending: [event('lesson_completed', { lessonSlug: 'money' })],
			want: { doneCount: 3, examBlock: null, attemptsLeft: 2 }
		},
		{
			name: 'a lesson of another course or an old lesson does not count',
			state: state({ progress: { chickens: ['house', 'gone'] } }),
			pending: [event('lesson_completed', { courseSlug: 'other', lessonSlug: 'feed' })],
			want: { doneCount: 1, examBlock: 'lessons_not_done' }
		},
		{
			name: 'attempts today, marked or waiting on the phone, use up the day; yesterday’s do not',
			state: state({
				progress: { chickens: ['house', 'feed', 'money'] },
				attempts: [attempt(YESTERDAY), attempt(THIS_MORNING)]
			}),
			pending: [event('exam_attempt')],
			want: { examBlock: 'too_many_attempts', attemptsLeft: 0, examPending: true }
		},
		{
			name: 'a pass with the lessons done and no certificate yet: it is on its way',
			state: state({ progress: { chickens: ['house', 'feed', 'money'] }, attempts: [attempt(YESTERDAY, true, 90)] }),
			pending: [],
			want: { certificate: null, certificateWaiting: true }
		},
		{
			name: 'an issued certificate, revoked',
			state: state({
				attempts: [attempt(YESTERDAY, true, 90)],
				certificates: [
					{
						number: '202600000001',
						courseSlug: 'chickens',
						courseTitle: '养鸡',
						score: 90,
						township: '铜厂乡',
						issuedAt: YESTERDAY,
						revokedAt: THIS_MORNING
					}
				]
			}),
			pending: [],
			want: { certificate: { number: '202600000001', revoked: true }, certificateWaiting: false }
		}
	])('$name', ({ state, pending, want }) => {
		expect(courseStanding(COURSE, state, pending, NOW)).toMatchObject(want);
	});

	it('lists graded attempts newest first', () => {
		const old = attempt(YESTERDAY, false, 30);
		const latest = attempt(THIS_MORNING, true, 80);
		const standing = courseStanding(COURSE, state({ attempts: [old, latest] }), [], NOW);
		expect(standing.attempts.map((a) => a.score)).toEqual([80, 30]);
	});
});

describe('startedCourses', () => {
	it('merges the server’s courses with those begun on the phone', () => {
		const started = startedCourses(state({ progress: { chickens: ['house'] } }), [
			event('lesson_completed', { courseSlug: 'phones', lessonSlug: 'wechat' }),
			event('practice_answer', { courseSlug: 'pigs', lessonSlug: 'feed' })
		]);
		expect([...started.keys()].sort()).toEqual(['chickens', 'phones']);
		expect([...started.get('phones')!]).toEqual(['wechat']);
	});
});
