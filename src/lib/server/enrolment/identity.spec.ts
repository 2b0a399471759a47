import { describe, expect, it } from 'vitest';
import {
	idCheckCharacter,
	isMainlandMobile,
	isValidIdNumber,
	maskIdNumber,
	normaliseIdNumber,
	normalisePhone
} from './identity.ts';

describe('ID numbers (GB 11643)', () => {
	it.each([
		['11010519491231002X', true], // the standard's own example
		['532530198001010110', true],
		['11010519491231002x', false], // not normalised yet
		['110105194912310021', false], // wrong check character
		['11010519491231002', false], // 17 characters
		['110105194902300029', false], // 30 February
		['110105189912310029', false], // before 1900
		['1101051949123100２X', false]
	])('%s → %s', (id, valid) => {
		expect(isValidIdNumber(id)).toBe(valid);
	});

	it('normalise full-width digits, spaces and a lower-case x', () => {
		expect(normaliseIdNumber(' １１０１０５ 19491231002x ')).toBe('11010519491231002X');
		expect(idCheckCharacter('11010519491231002')).toBe('X');
	});

	it('are masked for lists', () => {
		expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
		expect(maskIdNumber(null)).toBeNull();
	});
});

describe('phones', () => {
	it.each([
		['13812345678', true],
		['19912345678', true],
		['12812345678', false],
		['1381234567', false],
		['23812345678', false],
		['0871-1234567', false]
	])('%s → %s', (phone, valid) => {
		expect(isMainlandMobile(phone)).toBe(valid);
	});

	it('normalise spaces, dashes, full-width digits and +86', () => {
		expect(normalisePhone('138 1234-5678')).toBe('13812345678');
		expect(normalisePhone('+86 13812345678')).toBe('13812345678');
		expect(normalisePhone('１３８１２３４５６７８')).toBe('13812345678');
	});
});
