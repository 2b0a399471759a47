import { beforeEach, describe, expect, it } from 'vitest';
import type { LearnerState, OutboxEvent } from './outbox.ts';
import { learner, myLessonsDone, setLearner, setProgress, type SessionUser } from './progress-store.svelte.ts';

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
		clientAt: '2026-11-28T23:30:00.000Z',
		...over
	}) as OutboxEvent;

describe('the signed-in learner', () => {
	const mother: SessionUser = { id: 7, name: '王桂兰', role: 'learner', username: '13900000007', village: '新安村' };
	const son: SessionUser = { id: 8, name: '李小军', role: 'learner', username: '13900000008', village: '新安村' };

	beforeEach(() => setLearner(null, false));

	it('shows one learner’s progress and drops it the moment another signs in', () => {
		setLearner(mother, false, state({ progress: { chickens: ['house'] } }));
		setProgress(7, null, [event('lesson_completed', { lessonSlug: 'feed' })]);
		expect([...myLessonsDone('chickens')].sort()).toEqual(['feed', 'house']);

		setLearner(son, false);
		expect(learner.state).toBeNull();
		expect(myLessonsDone('chickens').size).toBe(0);
	});

	it('ignores progress that arrives for somebody else', () => {
		setLearner(son, false);
		setProgress(7, state({ progress: { chickens: ['house'] } }), [event('lesson_completed', { lessonSlug: 'feed' })]);
		expect(myLessonsDone('chickens').size).toBe(0);
		setLearner(son, false, state({ progress: { chickens: ['house'] } }));
		expect(learner.state).toBeNull();
	});
});
