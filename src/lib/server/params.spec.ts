import { describe, expect, it } from 'vitest';
import { boundedInt, parseId } from './params.ts';

describe('parseId', () => {
	it.each([
		['12', 12],
		['9007199254740991', 9007199254740991],
		['', null],
		['0', null],
		['-1', null],
		['1.5', null],
		['1e3', null],
		['1e308', null],
		[' 12', null],
		['0x1f', null],
		['Infinity', null],
		['NaN', null],
		['9007199254740993', null],
		['99999999999999999999', null],
		[null, null],
		[undefined, null]
	])('%j → %j', (text, id) => {
		expect(parseId(text)).toBe(id);
	});
});

describe('boundedInt', () => {
	const page = { min: 1, max: 1000, fallback: 1 };
	it.each([
		['3', 3],
		[' 3 ', 3],
		['0', 1],
		['-5', 1],
		['1000', 1000],
		['1001', 1000],
		['99999999999999999999999', 1000],
		['1e308', 1],
		['1.5', 1],
		['abc', 1],
		['', 1],
		[null, 1]
	])('page %j → %j', (text, value) => {
		expect(boundedInt(text, page)).toBe(value);
	});
});
