import { describe, expect, it } from 'vitest';
import { hasForbiddenCharacter, nameField, normaliseName } from './names.ts';

describe('normaliseName', () => {
	it.each([
		['  李四 ', '李四'],
		['ＬＩ　Ｓｉ', 'LI Si'], // full-width letters and the ideographic space
		['阿不都  热合曼', '阿不都 热合曼'],
		['\u2F08\u5B50', '人子'], // a Kangxi radical folded to the usual character
		['\uF900', '豈'], // a compatibility ideograph
		['王\u00A0五', '王 五']
	])('%j → %j', (typed, stored) => {
		expect(normaliseName(typed)).toBe(stored);
	});
});

describe('hasForbiddenCharacter', () => {
	it.each([
		['bidi override', '\u202E四李'],
		['left-to-right mark', '李\u200E四'],
		['right-to-left mark', '李\u200F四'],
		['isolate', '\u2066李四\u2069'],
		['zero-width space', '李\u200B四'],
		['zero-width joiner', '李\u200D四'],
		['byte order mark', '李\uFEFF四'],
		['soft hyphen', 'Li\u00ADSi'],
		['NUL', '李\u0000四'],
		['newline', '李\n四'],
		['tab', '李\t四'],
		['escape', '\u001B[31m李四'],
		['DEL', '李\u007F'],
		['C1 control', '李\u0085四'],
		['line separator', '李\u2028四'],
		['lone surrogate', '李\uD800四'],
		['tag character', '李\u{E0041}四']
	])('refuses a %s', (_, name) => {
		expect(hasForbiddenCharacter(normaliseName(name))).toBe(true);
	});

	it.each(['李四', '阿不都·热合曼', "O'Neil-Smith", '王 五', '\uE000明'])('accepts %j', (name) => {
		expect(hasForbiddenCharacter(normaliseName(name))).toBe(false);
	});
});

describe('nameField', () => {
	const field = nameField(5, { required: 'error_required', tooLong: 'error_too_long' });
	const optional = nameField(5, { required: null, tooLong: 'error_too_long' });
	const message = (result: ReturnType<typeof field.safeParse>) => result.error?.issues[0].message;

	it('stores the normalised name and refuses empty, long and invisible ones', () => {
		expect(field.parse(' ＬＩ ')).toBe('LI');
		expect(message(field.safeParse('  '))).toBe('error_required');
		expect(message(field.safeParse(undefined))).toBe('error_required');
		expect(message(field.safeParse('李四李四李四'))).toBe('error_too_long');
		expect(message(field.safeParse('\u202E四李'))).toBe('error_name_characters');
		expect(optional.parse('')).toBe('');
		expect(message(optional.safeParse('李\u200B'))).toBe('error_name_characters');
	});
});
