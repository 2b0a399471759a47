import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decodeText, parseCsv } from './csv.ts';
import { parseRosterFile } from './roster-parse.ts';
import { fixture } from './test-helpers.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('parseCsv', () => {
	it('handles quotes, doubled quotes, delimiters and newlines in fields, and CRLF', () => {
		expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\nx,,z\r\n')).toEqual([
			['a', 'b,c', 'say "hi"', 'two\r\nlines'],
			['x', '', 'z']
		]);
	});

	it('keeps empty lines as records (they are spreadsheet rows) and reads a last line without newline', () => {
		expect(parseCsv('a\n\nb')).toEqual([['a'], [''], ['b']]);
	});

	it('reads tab-separated "Unicode text" from Excel', () => {
		expect(parseCsv('村\t姓名\n马鞍底村\t李四')).toEqual([
			['村', '姓名'],
			['马鞍底村', '李四']
		]);
	});
});

describe('decodeText', () => {
	it('reads UTF-8 with and without BOM, GBK and UTF-16', () => {
		const text = '村,姓名\r\n马鞍底村,李四';
		expect(decodeText(utf8(text))).toBe(text);
		expect(decodeText(utf8('\uFEFF' + text))).toBe(text);
		expect(decodeText(iconv.encode(text, 'gbk'))).toBe(text);
		expect(decodeText(iconv.encode('\uFEFF' + text, 'utf-16le'))).toBe(text);
	});
});

describe('parseRosterFile', () => {
	it.each(['good-utf8.csv', 'good-utf8-bom.csv', 'good-gbk.csv', 'good.xlsx'])(
		'%s: the same rows, with spreadsheet row numbers',
		async (name) => {
			const roster = await parseRosterFile(fixture(name), name);
			expect(roster.problems).toEqual([]);
			expect(roster.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 7, 8, 9, 10]);
			expect(roster.rows[0]).toEqual({
				row: 2,
				village: '马鞍底村',
				householdCode: '532530101201001',
				householdHead: '',
				name: '李晓东',
				phone: '13812340001',
				idNumber: '532530198001010110'
			});
			expect(roster.rows[1].name).toBe('王小芳');
			expect(roster.rows[5].village).toBe('勐拉');
			expect(roster.rows[6].village).toBe('老寨村');
			expect(roster.rows[4].householdCode).toBe('532530101202101');
		}
	);

	it('accepts English headers in any order, a title line above, and ignores other columns', async () => {
		const csv = '金河镇学员名单,,,\nName,Village,Household Code,household_head,序号\n李四,马鞍底村,H1,李四,1\n,,,,2\n';
		const roster = await parseRosterFile(utf8(csv), 'x.csv');
		expect(roster.problems).toEqual([]);
		expect(roster.ignoredColumns).toEqual(['序号']);
		expect(roster.rows).toEqual([
			{ row: 3, village: '马鞍底村', householdCode: 'H1', householdHead: '李四', name: '李四', phone: '', idNumber: '' }
		]);
	});

	it('reports an unreadable file instead of throwing', async () => {
		for (const bytes of [utf8('PK\u0003\u0004junk'), new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0])]) {
			expect((await parseRosterFile(bytes, 'x')).problems).toEqual([
				{ row: null, column: null, code: 'roster_unreadable' }
			]);
		}
	});

	it('reports an empty file and a file with too many rows', async () => {
		expect((await parseRosterFile(new Uint8Array(), 'x.csv')).problems[0].code).toBe('roster_empty');
		const lines = ['村,户编号,户主,姓名', ...Array.from({ length: 20_001 }, (_, i) => `马鞍底村,H${i},李四,李四`)];
		const roster = await parseRosterFile(utf8(lines.join('\n')), 'x.csv');
		expect(roster.problems).toEqual([
			{ row: null, column: null, code: 'roster_too_many_rows', params: { max: '20000' } }
		]);
		expect(roster.rows).toEqual([]);
	});

	it('reads only the first worksheet of a workbook', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('名单').addRows([
			['村', '户编号', '户主', '姓名'],
			['马鞍底村', 'H1', '李四', '李四']
		]);
		workbook.addWorksheet('其他').addRows([
			['村', '户编号', '户主', '姓名'],
			['勐拉村', 'H2', '王五', '王五']
		]);
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		const roster = await parseRosterFile(bytes, 'x.xlsx');
		expect(roster.rows.map((r) => r.name)).toEqual(['李四']);
	});
});
