import { describe, expect, it } from 'vitest';
import type { LearnerState, SyncEvent } from '../sync/protocol.ts';
import { latestGoal } from '../sync/goal.ts';
import { calendar, chinaWeekStart, lessonDaysOf, weekSummary } from './weeks.ts';
import { milestones } from './milestones.ts';

describe('chinaWeekStart: Monday 00:00 in China, wherever the phone’s clock is', () => {
	it.each([
		// [instant, Monday 00:00 China time as UTC]
		['2026-11-30T03:00:00Z', '2026-11-29T16:00:00Z'], // Monday 11:00 in China
		['2026-11-29T15:59:59Z', '2026-11-22T16:00:00Z'], // Sunday 23:59:59 in China: still last week
		['2026-11-29T16:00:00Z', '2026-11-29T16:00:00Z'], // Monday 00:00 in China: a new week
		['2026-12-06T15:59:00Z', '2026-11-29T16:00:00Z'], // the Sunday after, 23:59 in China
		['2027-01-01T02:00:00Z', '2026-12-27T16:00:00Z'] // across a year (Friday 1 January)
	])('%s starts the week of %s', (at, monday) => {
		expect(chinaWeekStart(new Date(at))).toEqual(new Date(monday));
	});
});

const state = (over: Partial<LearnerState> = {}): LearnerState => ({
	userId: 1,
	progress: {},
	attempts: [],
	certificates: [],
	...over
});
const lessonEvent = (course: string, lesson: string, clientAt: string, id = `${course}-${lesson}`): SyncEvent => ({
	id,
	userId: 1,
	kind: 'lesson_completed',
	courseSlug: course,
	lessonSlug: lesson,
	contentVersion: 'abcdef',
	clientAt
});
const goalEvent = (lessonsPerWeek: number, clientAt: string): SyncEvent => ({
	id: `goal-${clientAt}`,
	userId: 1,
	kind: 'goal_set',
	clientAt,
	payload: { lessonsPerWeek }
});

describe('lesson days: the server’s, plus lessons done on this phone and not yet sent', () => {
	it.each([
		['nothing', state(), [], {}],
		['the server’s days as they are', state({ lessonDays: { '2026-11-28': 2 } }), [], { '2026-11-28': 2 }],
		[
			'an unsent lesson on its China day (23:30 UTC is the next morning in China)',
			state(),
			[lessonEvent('c', 'l1', '2026-11-28T23:30:00Z')],
			{ '2026-11-29': 1 }
		],
		[
			'a lesson the server already has only once, and a lesson done twice on the phone once',
			state({ progress: { c: ['l1'] }, lessonDays: { '2026-11-28': 1 } }),
			[
				lessonEvent('c', 'l1', '2026-11-30T02:00:00Z', 'a'),
				lessonEvent('c', 'l2', '2026-11-30T02:00:00Z', 'b'),
				lessonEvent('c', 'l2', '2026-11-30T03:00:00Z', 'c')
			],
			{ '2026-11-28': 1, '2026-11-30': 1 }
		]
	] as const)('%s', (_, s, pending, expected) => {
		expect(Object.fromEntries(lessonDaysOf(s, pending))).toEqual(expected);
	});
});

describe('calendar and the week against the goal', () => {
	const now = new Date('2026-12-02T04:00:00Z'); // Wednesday 2 December, noon in China
	it('shows 12 weeks, Monday first, the last being this one, days after today as future', () => {
		const weeks = calendar(new Map([['2026-12-01', 2]]), { lessonsPerWeek: 2, setAt: '' }, now);
		expect(weeks).toHaveLength(12);
		const last = weeks[11];
		expect(last.start).toBe('2026-11-30');
		expect(last.current).toBe(true);
		expect(last.days.map((d) => d.future)).toEqual([false, false, false, true, true, true, true]);
		expect(last.lessons).toBe(2);
		expect(last.met).toBe(true);
		expect(weeks[0].start).toBe('2026-09-14');
	});

	it.each([
		['no goal yet: nothing is met', null, 0],
		['a goal of 1: both weeks with lessons', 1, 2],
		['a goal of 3: only the week with three', 3, 1],
		['a goal of 7: none', 7, 0]
	])('%s', (_, lessonsPerWeek, met) => {
		const days = new Map([
			['2026-11-24', 1],
			['2026-11-27', 2],
			['2026-12-01', 1]
		]);
		const goal = lessonsPerWeek === null ? null : { lessonsPerWeek, setAt: '2026-11-01T00:00:00Z' };
		expect(calendar(days, goal, now).filter((w) => w.met)).toHaveLength(met);
	});

	it('sums up a learner with a goal chosen offline and a lesson done offline today', () => {
		const s = state({
			goal: { lessonsPerWeek: 5, setAt: '2026-11-01T00:00:00Z' },
			lessonDays: { '2026-11-23': 3, '2026-11-25': 2 }
		});
		const pending = [goalEvent(3, '2026-12-02T01:00:00Z'), lessonEvent('c', 'l9', '2026-12-02T03:00:00Z')];
		const summary = weekSummary(s, pending, now);
		expect(summary.goal?.lessonsPerWeek).toBe(3);
		expect(summary.lessonsThisWeek).toBe(1);
		expect(summary.daysLearned).toBe(3);
		// Last week's five lessons meet the goal now standing (three).
		expect(summary.weeksMet).toBe(1);
	});
});

describe('latestGoal: the phone’s unsent choice against the server’s', () => {
	const stored = { lessonsPerWeek: 4, setAt: '2026-11-30T00:00:00Z' };
	it.each([
		['the server’s when nothing waits', stored, [], 4],
		['none before any choice', null, [], null],
		['a newer choice made on the phone', stored, [goalEvent(2, '2026-12-01T00:00:00Z')], 2],
		[
			'not an older one (chosen on this phone before another phone’s newer choice)',
			stored,
			[goalEvent(2, '2026-11-29T00:00:00Z')],
			4
		],
		['the latest of several', null, [goalEvent(2, '2026-12-01T00:00:00Z'), goalEvent(6, '2026-12-01T05:00:00Z')], 6]
	] as const)('%s', (_, s, pending, expected) => {
		expect(latestGoal(s, pending)?.lessonsPerWeek ?? null).toBe(expected);
	});
});

describe('milestones', () => {
	const reached = (counts: Parameters<typeof milestones>[0]) =>
		milestones(counts)
			.filter((m) => m.reached)
			.map((m) => m.key);
	it.each([
		[{ lessons: 0, coursesFinished: 0, certificates: 0, weeksMet: 0 }, []],
		[{ lessons: 1, coursesFinished: 0, certificates: 0, weeksMet: 0 }, ['first_lesson']],
		[{ lessons: 9, coursesFinished: 0, certificates: 0, weeksMet: 1 }, ['first_lesson', 'first_goal_week']],
		[
			{ lessons: 10, coursesFinished: 1, certificates: 1, weeksMet: 4 },
			['first_lesson', 'ten_lessons', 'first_course', 'first_certificate', 'first_goal_week', 'four_goal_weeks']
		]
	] as const)('%o reaches %o', (counts, expected) => {
		expect(reached(counts)).toEqual(expected);
	});
});
