import { describe, expect, it } from 'vitest';
import {
	CERTIFICATE_NUMBER_LENGTH,
	formatCertificateNumber,
	generateCertificateNumber,
	isValidCertificateNumber,
	normaliseCertificateNumber
} from './number.ts';

const DATA_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = DATA_ALPHABET + '*~$=U';
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]{10}[0-9A-HJKMNP-TV-Z*~$=U]$/;

// Worked by hand from Crockford's definition: the value in base 32, its remainder mod 37 picks the check symbol.
const KNOWN = [
	{ number: '00000000000', why: 'zero' },
	{ number: '000000016JD', why: '1234 = 16J, 1234 mod 37 = 13 = D' },
	{ number: '0000000014U', why: '36 = 14, remainder 36 = U' },
	{ number: '0000000010*', why: '32 = 10, remainder 32 = *' },
	{ number: '0000000011~', why: '33 = 11, remainder 33 = ~' },
	{ number: 'ZZZZZZZZZZX', why: '2^50 - 1 mod 37 = 29 = X' }
] as const;

const samples = Array.from({ length: 20 }, () => generateCertificateNumber());

describe('generateCertificateNumber', () => {
	it('gives canonical, valid, distinct numbers whose check symbol is a letter or digit', () => {
		const numbers = Array.from({ length: 2000 }, () => generateCertificateNumber());
		for (const n of numbers) {
			expect(n).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}[0-9A-HJKMNP-TV-ZU]$/);
			expect(normaliseCertificateNumber(n)).toBe(n);
		}
		expect(new Set(numbers).size).toBe(numbers.length);
	});

	it('uses every data character', () => {
		const seen = new Set(Array.from({ length: 300 }, () => generateCertificateNumber().slice(0, 10)).join(''));
		expect([...seen].sort().join('')).toBe(DATA_ALPHABET);
	});
});

describe('check symbol', () => {
	it.each(KNOWN)('$number is valid ($why)', ({ number }) => {
		expect(normaliseCertificateNumber(number)).toBe(number);
	});

	it('2^50 - 1 mod 37 is 29, as the last vector assumes', () => {
		expect(Number((2n ** 50n - 1n) % 37n)).toBe(29);
	});

	it.each(samples)('detects every single mistyped character in %s', (n) => {
		for (let i = 0; i < CERTIFICATE_NUMBER_LENGTH; i++) {
			const alphabet = i < CERTIFICATE_NUMBER_LENGTH - 1 ? DATA_ALPHABET : CHECK_ALPHABET;
			for (const wrong of alphabet) {
				if (wrong === n[i]) continue;
				expect(isValidCertificateNumber(n.slice(0, i) + wrong + n.slice(i + 1)), `${n} at ${i} -> ${wrong}`).toBe(
					false
				);
			}
		}
	});

	it.each(samples)('detects every swap of neighbouring characters in %s', (n) => {
		for (let i = 0; i < CERTIFICATE_NUMBER_LENGTH - 1; i++) {
			if (n[i] === n[i + 1]) continue;
			const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
			expect(isValidCertificateNumber(swapped), `${n} swap ${i}`).toBe(false);
		}
	});
});

describe('normaliseCertificateNumber', () => {
	it.each([
		{ input: '000000016JD', expected: '000000016JD', why: 'canonical' },
		{ input: '0000-0001-6JD', expected: '000000016JD', why: 'formatted' },
		{ input: '  0000 0001 6jd ', expected: '000000016JD', why: 'spaces and lower case' },
		{ input: 'oooo-ooo1-6jd', expected: '000000016JD', why: 'O read as 0' },
		{ input: '0000-000I-6JD', expected: '000000016JD', why: 'I read as 1' },
		{ input: '0000-000l-6JD', expected: '000000016JD', why: 'l read as 1' },
		{ input: '０００００００１６ＪＤ', expected: '000000016JD', why: 'full-width, from a Chinese input method' },
		{ input: '0000－0001－6JD', expected: '000000016JD', why: 'full-width dashes' },
		{ input: '0000\u30000001\u30006JD', expected: '000000016JD', why: 'ideographic spaces' },
		{ input: '0000–0001–6JD', expected: '000000016JD', why: 'en dashes from autocorrect' },
		{ input: '0000000014u', expected: '0000000014U', why: 'U as a check symbol' },
		{ input: '0000-0000-10*', expected: '0000000010*', why: 'symbol check' },
		{ input: '000000016JE', expected: null, why: 'wrong check symbol' },
		{ input: '000000016J', expected: null, why: 'one short' },
		{ input: '000000016JDD', expected: null, why: 'one long' },
		{ input: '', expected: null, why: 'empty' },
		{ input: '00000000U00', expected: null, why: 'U is only a check symbol' },
		{ input: '0000000001*', expected: null, why: 'a symbol in the data' },
		{ input: '0000/0001/6JD', expected: null, why: 'slashes are not separators' }
	])('$why: $input', ({ input, expected }) => {
		expect(normaliseCertificateNumber(input)).toBe(expected);
		expect(isValidCertificateNumber(input)).toBe(expected !== null);
	});

	it('accepts its own formatted output', () => {
		for (const n of samples) expect(normaliseCertificateNumber(formatCertificateNumber(n))).toBe(n);
	});
});

describe('formatCertificateNumber', () => {
	it.each([
		['000000016JD', '0000-0001-6JD'],
		['0000 0001 6jd', '0000-0001-6JD'],
		['0000000010*', '0000-0000-10*']
	])('%s -> %s', (input, expected) => {
		expect(formatCertificateNumber(input)).toBe(expected);
	});

	it('groups generated numbers 4-4-3', () => {
		for (const n of samples) expect(formatCertificateNumber(n)).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}.$/);
		expect(samples.every((n) => CANONICAL.test(n))).toBe(true);
	});
});
