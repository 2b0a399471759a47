import { describe, expect, it } from 'vitest';
import { COMMENT_MAX, myRating, saidNotUnderstood, tidyComment, type LearnerFeedback } from './rating.ts';

const stored: LearnerFeedback = {
	ratings: {
		c: { face: 'ok', comment: '还行', at: '2026-11-30T10:00:00.000Z' },
		'c/l1': { face: 'hard', comment: null, at: '2026-11-30T10:00:00.000Z' }
	},
	notUnderstood: ['c/l1']
};
const pending = (at: string, face: string, lessonSlug: string | null = null, comment?: string) => ({
	id: at,
	kind: 'rating',
	courseSlug: 'c',
	lessonSlug,
	clientAt: at,
	payload: { face, comment }
});

describe("the learner's own rating, as the phone shows it", () => {
	it.each([
		['the server’s, with nothing waiting', stored, [], null, { face: 'ok', comment: '还行' }],
		['a later tap on this phone', stored, [pending('2026-11-30T11:00:00.000Z', 'useful')], null, { face: 'useful' }],
		['not an older one', stored, [pending('2026-11-30T09:00:00.000Z', 'useful')], null, { face: 'ok' }],
		[
			'the latest of several taps',
			null,
			[pending('2026-11-30T11:00:00.000Z', 'hard'), pending('2026-11-30T12:00:00.000Z', 'ok', null, '好')],
			null,
			{ face: 'ok', comment: '好' }
		],
		[
			'a lesson’s, apart from the course’s',
			stored,
			[pending('2026-11-30T11:00:00.000Z', 'useful')],
			'l1',
			{ face: 'hard' }
		],
		['none for a lesson never rated', stored, [], 'l2', null]
	])('is %s', (_, state, events, lesson, expected) => {
		const rating = myRating(state, events, 'c', lesson);
		if (expected === null) expect(rating).toBeNull();
		else expect(rating).toMatchObject(expected);
	});

	it('knows "我没看懂" from the server or from this phone', () => {
		expect(saidNotUnderstood(stored, [], 'c', 'l1')).toBe(true);
		expect(saidNotUnderstood(stored, [], 'c', 'l2')).toBe(false);
		const tap = {
			id: 'x',
			kind: 'not_understood',
			courseSlug: 'c',
			lessonSlug: 'l2',
			clientAt: '2026-11-30T11:00:00Z'
		};
		expect(saidNotUnderstood(null, [tap], 'c', 'l2')).toBe(true);
	});

	it('tidies a comment: spaces made one, trimmed, capped without splitting a character', () => {
		expect(tidyComment('  太 \n\n 快了  ')).toBe('太 快了');
		expect(tidyComment('好'.repeat(300))).toHaveLength(COMMENT_MAX);
		expect(tidyComment('好'.repeat(COMMENT_MAX - 1) + '😊')).toBe('好'.repeat(COMMENT_MAX - 1));
	});
});
