import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth.ts';

describe('nestsDeeperThan', () => {
	const cases: [string, string, number, boolean][] = [
		['a scalar', '1', 0, false],
		['an empty object at its limit', '{}', 1, false],
		['an object one over', '{"a":{}}', 1, true],
		['arrays and objects both count', '[{"a":[1]}]', 3, false],
		['arrays and objects both count, one over', '[{"a":[1]}]', 2, true],
		['brackets inside strings do not count', '{"a":"[[[[{{{{"}', 1, false],
		['an escaped quote does not end the string', '{"a":"\\"[[[["}', 1, false],
		['an escaped backslash does', '{"a":"\\\\","b":[[1]]}', 2, true],
		['siblings do not add up', '[[1],[2],[3],[4]]', 2, false],
		['a body of nothing but brackets', '['.repeat(600_000), 8, true]
	];
	it.each(cases)('%s', (_, text, max, expected) => {
		expect(nestsDeeperThan(text, max)).toBe(expected);
	});

	it("passes the outbox's deepest real body", () => {
		const body = { events: [{ kind: 'exam_attempt', payload: { seed: 1, answers: { q1: ['a', 'b'] } } }] };
		expect(nestsDeeperThan(JSON.stringify(body), 5)).toBe(true);
		expect(nestsDeeperThan(JSON.stringify(body), 6)).toBe(false);
	});
});
