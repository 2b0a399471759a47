import { describe, expect, it } from 'vitest';
import type { LearnerState, SyncEvent } from '../sync/protocol.ts';
import { continueWith, suggestCourse } from './next-course.ts';

const courses = [
	{ slug: 'a', title: 'A', lessonSlugs: ['a1', 'a2', 'a3'] },
	{ slug: 'b', title: 'B', lessonSlugs: ['b1', 'b2'] },
	{ slug: 'c', title: 'C', lessonSlugs: ['c1'] }
];
const state = (progress: Record<string, string[]>, certified: string[] = []): LearnerState => ({
	userId: 1,
	progress,
	attempts: [],
	certificates: certified.map((courseSlug) => ({
		number: `N-${courseSlug}`,
		courseSlug,
		courseTitle: courseSlug,
		score: 90,
		township: 't',
		issuedAt: '2026-11-01T00:00:00Z',
		revokedAt: null
	}))
});
const done = (courseSlug: string, lessonSlug: string): SyncEvent => ({
	id: `${courseSlug}-${lessonSlug}`,
	userId: 1,
	kind: 'lesson_completed',
	courseSlug,
	lessonSlug,
	contentVersion: 'abcdef',
	clientAt: '2026-11-30T00:00:00Z'
});

describe('continueWith: the lesson to go on with', () => {
	it.each([
		['nothing started: none', state({}), [], null],
		['the first lesson not done of the started course', state({ a: ['a1', 'a3'] }), [], ['a', 'a2', 2]],
		['the course with most done', state({ a: ['a1'], b: ['b1'] }), [done('a', 'a2')], ['a', 'a3', 3]],
		[
			'the course of the last lesson done on this phone first',
			state({ a: ['a1', 'a2'] }),
			[done('b', 'b1')],
			['b', 'b2', 2]
		],
		['none when every started course is done', state({ c: ['c1'] }), [], null]
	] as const)('%s', (_, s, pending, expected) => {
		const next = continueWith(courses, s, pending);
		expect(next && [next.course.slug, next.lessonSlug, next.number]).toEqual(expected);
	});
});

describe('suggestCourse: where to go after passing', () => {
	it.each([
		['the first other course when none is started', state({}, ['a']), 'a', 'b'],
		['a started one first', state({ c: ['c1'] }, ['a']), 'a', 'c'],
		['never a certified one', state({}, ['a', 'b']), 'a', 'c'],
		['none when all are certified', state({}, ['a', 'b', 'c']), 'a', null]
	] as const)('%s', (_, s, after, expected) => {
		expect(suggestCourse(courses, s, [], after)?.slug ?? null).toBe(expected);
	});
});
