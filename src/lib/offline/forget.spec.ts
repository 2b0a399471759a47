import { describe, expect, it } from 'vitest';
import { isSharedPage } from './forget.ts';

describe('isSharedPage (what may stay stored after a sign-out)', () => {
	it.each([
		['/', true],
		['/__data.json', true],
		['/en/', true],
		['/courses/raising-chickens', true],
		['/courses/raising-chickens/__data.json', true],
		['/en/courses/raising-chickens/vaccination', true],
		['/courses/raising-chickens/vaccination/__data.json', true],
		['/courses/raising-chickens/exam', false],
		['/courses/raising-chickens/exam/__data.json', false],
		['/courses/raising-chickens/exam/result/0000', false],
		['/me', false],
		['/me/__data.json', false],
		['/learning', false],
		['/certificates', false],
		['/staff', false],
		['/password', false]
	])('%s → %s', (path, shared) => {
		expect(isSharedPage(path)).toBe(shared);
	});
});
