import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnName, rowXml, sheetRowsWriter, xlsxStream, xmlText, type Cell } from './xlsx.ts';

const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

async function read(file: Buffer) {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(new Uint8Array(file).buffer);
	return workbook.worksheets[0];
}

describe('xlsx writer', () => {
	it('names columns and escapes text as XML', () => {
		expect([0, 11, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'L', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
		expect(xmlText('a<b & c>d\u0001\u0007e\tf')).toBe('a&lt;b &amp; c&gt;de\tf');
		expect(rowXml(['金河镇', 3, null, ' 前后空格 '], 2, ['A', 'B', 'C', 'D'])).toBe(
			'<row r="2"><c r="A2" t="inlineStr"><is><t>金河镇</t></is></c><c r="B2"><v>3</v></c>' +
				'<c r="D2" t="inlineStr"><is><t xml:space="preserve"> 前后空格 </t></is></c></row>'
		);
	});

	it('writes rows as bytes, the very bytes of their XML text, across pages and its buffers', () => {
		const columns = ['A', 'B', 'C', 'D', 'E', 'F'];
		const odd: Cell[][] = [
			['金河镇', 3, null, ' 前后空格 ', '', 97.5],
			['a<b & "c"> d', -0, NaN, Infinity, 1e21, 'x\u0001y\uFFFEz\u0008'],
			['🐔鸡', '\uD800 lone', '\t tab', 'line\nbreak ', 0.1 + 0.2, -12],
			// Longer than the writer's buffer.
			['长'.repeat(30_000), 'a&'.repeat(40_000), null, null, null, 'end']
		];
		const many: Cell[][] = Array.from({ length: 3000 }, (_, i) => [
			`学员${i}`,
			i,
			i % 3 ? null : 'x & y',
			`JH-${i}`,
			i % 5 ? 60 + (i % 40) : null,
			'已发证'
		]);
		const write = sheetRowsWriter(columns.length);
		let rowNumber = 1;
		for (const page of [odd, [], many, odd]) {
			const text = page.map((cells) => rowXml(cells, ++rowNumber, columns)).join('');
			expect(write(page, (cells) => cells).equals(Buffer.from(text))).toBe(true);
		}
	});

	it('writes a workbook that a spreadsheet reader opens, with Chinese, numbers, gaps and odd text intact', async () => {
		const pages: Cell[][][] = [
			[
				['金河镇', '马鞍底村', 3, null],
				['=SUM(A1)', 'a<b & "c"', 0, 97.5]
			],
			[],
			[['铜厂乡', '新安村\u0002', 12, 60]]
		];
		const sheet = await read(await bytes(xlsxStream('学习记录', ['乡镇', '村', '已学课数', '最好成绩'], pages)));
		expect(sheet.name).toBe('学习记录');
		expect(sheet.rowCount).toBe(4);
		const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
		expect(values(1)).toEqual(['乡镇', '村', '已学课数', '最好成绩']);
		expect(values(2)).toEqual(['金河镇', '马鞍底村', 3]);
		expect(values(3)).toEqual(['=SUM(A1)', 'a<b & "c"', 0, 97.5]);
		expect(values(4)).toEqual(['铜厂乡', '新安村', 12, 60]);
		// Text that looks like a formula stays text.
		expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.String);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
	});

	it('streams a large sheet as a valid ZIP (checked with its CRCs by unzip, where the machine has it)', async () => {
		const rows = 30_000;
		const page = (p: number): Cell[][] =>
			Array.from({ length: 1000 }, (_, i) => [`第${p}页`, `学员${p * 1000 + i}`, p * 1000 + i, null]);
		const pages = (function* () {
			for (let p = 0; p < rows / 1000; p++) yield page(p);
		})();
		const file = await bytes(xlsxStream('学习记录', ['页', '姓名', '序号', '空'], pages));
		const sheet = await read(file);
		expect(sheet.rowCount).toBe(rows + 1);
		expect((sheet.getRow(rows + 1).values as unknown[]).slice(1)).toEqual(['第29页', '学员29999', 29999]);
		const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
		try {
			writeFileSync(join(dir, 'r.xlsx'), file);
			let report = '';
			try {
				report = execFileSync('unzip', ['-t', join(dir, 'r.xlsx')], { encoding: 'utf8' });
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
			if (report) expect(report).toContain('No errors detected');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
