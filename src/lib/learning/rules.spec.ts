import { describe, expect, it } from 'vitest';
import {
	attemptsLeft,
	certificateDue,
	examBlock,
	lessonsComplete,
	lessonsDoneCount,
	recordStatus,
	type CourseRule
} from './rules.ts';

const course = (over: Partial<CourseRule> = {}): CourseRule => ({
	lessonSlugs: ['a', 'b', 'c'],
	requireAllLessons: true,
	hasExam: true,
	examAttemptsPerDay: 3,
	...over
});
const done = (...slugs: string[]) => new Set(slugs);

describe('lessons complete', () => {
	const cases = [
		{ name: 'none done', done: done(), count: 0, complete: false },
		{ name: 'some done', done: done('a', 'c'), count: 2, complete: false },
		{ name: 'all done', done: done('a', 'b', 'c'), count: 3, complete: true },
		{ name: 'a removed lesson does not count', done: done('a', 'b', 'old'), count: 2, complete: false },
		{
			name: 'extra lessons of an older version are ignored',
			done: done('a', 'b', 'c', 'old'),
			count: 3,
			complete: true
		}
	] as const;
	for (const c of cases) {
		it(c.name, () => {
			expect(lessonsDoneCount(course(), c.done)).toBe(c.count);
			expect(lessonsComplete(course(), c.done)).toBe(c.complete);
		});
	}
});

describe('may take the exam', () => {
	const cases = [
		{ name: 'all lessons, no attempt today', rule: course(), done: done('a', 'b', 'c'), today: 0, block: null },
		{ name: 'a lesson left', rule: course(), done: done('a', 'b'), today: 0, block: 'lessons_not_done' },
		{
			name: 'lessons are told before attempts',
			rule: course(),
			done: done('a'),
			today: 3,
			block: 'lessons_not_done'
		},
		{ name: 'daily limit reached', rule: course(), done: done('a', 'b', 'c'), today: 3, block: 'too_many_attempts' },
		{ name: 'one left today', rule: course(), done: done('a', 'b', 'c'), today: 2, block: null },
		{
			name: 'lessons optional',
			rule: course({ requireAllLessons: false }),
			done: done(),
			today: 0,
			block: null
		},
		{ name: 'no exam', rule: course({ hasExam: false }), done: done('a', 'b', 'c'), today: 0, block: 'no_exam' }
	] as const;
	for (const c of cases) {
		it(c.name, () => expect(examBlock(c.rule, { lessonsDone: c.done, attemptsToday: c.today })).toBe(c.block));
	}
	it('attempts left never goes below zero', () => {
		expect(attemptsLeft(course(), 0)).toBe(3);
		expect(attemptsLeft(course(), 5)).toBe(0);
	});
});

describe('certificate due', () => {
	const cases = [
		{ name: 'passed with all lessons', rule: course(), done: done('a', 'b', 'c'), passed: true, due: true },
		{ name: 'passed, a lesson left', rule: course(), done: done('a', 'b'), passed: true, due: false },
		{ name: 'not passed', rule: course(), done: done('a', 'b', 'c'), passed: false, due: false },
		{
			name: 'lessons optional: the exam alone',
			rule: course({ requireAllLessons: false }),
			done: done(),
			passed: true,
			due: true
		},
		{
			name: 'no exam, no certificate',
			rule: course({ hasExam: false }),
			done: done('a', 'b', 'c'),
			passed: true,
			due: false
		}
	] as const;
	for (const c of cases) {
		it(c.name, () => expect(certificateDue(c.rule, { lessonsDone: c.done, passed: c.passed })).toBe(c.due));
	}
});

describe('record status', () => {
	const cases = [
		{ name: 'valid certificate', facts: { passed: true, certificate: { revoked: false } }, status: 'certified' },
		{ name: 'revoked certificate', facts: { passed: true, certificate: { revoked: true } }, status: 'revoked' },
		{
			name: 'passed, no certificate yet',
			facts: { passed: true, certificate: null },
			status: 'passed_waiting_lessons'
		},
		{ name: 'learning', facts: { passed: false, certificate: null }, status: 'in_progress' }
	] as const;
	for (const c of cases) it(c.name, () => expect(recordStatus(c.facts)).toBe(c.status));
});
