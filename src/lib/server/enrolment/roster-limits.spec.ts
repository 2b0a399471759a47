import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseRosterFile } from './roster-parse.ts';
import { MAX_ROSTER_ROWS } from './roster-types.ts';
import { sheetXml, xlsxEntries, zip } from './test-xlsx.ts';

const HEADER = ['村', '户编号', '户主', '姓名'];
const headerRow =
	'<row r="1">' + HEADER.map((_, i) => `<c r="${'ABCD'[i]}1" t="s"><v>${i}</v></c>`).join('') + '</row>';

/** Parses while sampling the process's memory; returns the roster, the seconds taken and the memory it added. */
async function measured(bytes: Uint8Array, name = 'bomb.xlsx') {
	const before = process.memoryUsage().rss;
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const started = performance.now();
	try {
		const roster = await parseRosterFile(bytes, name);
		peak = Math.max(peak, process.memoryUsage().rss);
		return { roster, seconds: (performance.now() - started) / 1000, addedMb: (peak - before) / 2 ** 20 };
	} finally {
		clearInterval(timer);
	}
}

describe('XLSX that expands to far more than a roster', () => {
	it('a file of a million rows stops at the row limit, quickly and in little memory', async () => {
		// One learner's name per row, a million times: 45 MB of XML in a file the upload form accepts.
		// Loaded whole (exceljs) this took 19 s and 900 MB here; a wider sheet took 145 s and 1.7 GB.
		const rows: string[] = [headerRow];
		for (let r = 2; r <= 1_000_001; r++) rows.push(`<row r="${r}"><c r="D${r}" t="s"><v>4</v></c></row>`);
		const bytes = zip(xlsxEntries(sheetXml(rows.join('')), [...HEADER, '李四']));
		expect(bytes.length).toBeLessThan(5 * 2 ** 20);

		const { roster, seconds, addedMb } = await measured(bytes);
		console.log(
			`million-row XLSX (${(bytes.length / 2 ** 20).toFixed(1)} MB): ${seconds.toFixed(2)} s, +${addedMb.toFixed(0)} MB`
		);
		expect(roster.problems).toEqual([
			{ row: null, column: null, code: 'roster_too_many_rows', params: { max: String(MAX_ROSTER_ROWS) } }
		]);
		expect(roster.rows).toEqual([]);
		expect(seconds).toBeLessThan(3);
		expect(addedMb).toBeLessThan(150);
	});

	it('a sheet larger than the limit is refused before it is inflated, naming the limit', async () => {
		// The same row again and again: 80 MB of XML in a file of a few hundred KB.
		const row = '<row r="2"><c r="D2" t="s"><v>4</v></c></row>';
		const bytes = zip(xlsxEntries(sheetXml(headerRow + row.repeat(2_000_000)), [...HEADER, '李四']));
		const { roster, seconds } = await measured(bytes);
		expect(roster.problems).toEqual([{ row: null, column: null, code: 'roster_too_big', params: { max: '64' } }]);
		expect(seconds).toBeLessThan(1);
	});

	it('a sheet whose real size is larger than its stated size is unreadable', async () => {
		const row = '<row r="2"><c r="D2" t="s"><v>4</v></c></row>';
		const bytes = zip(xlsxEntries(sheetXml(headerRow + row.repeat(2_000_000)), [...HEADER, '李四'], 10_000));
		const { roster, seconds } = await measured(bytes);
		expect(roster.problems).toEqual([{ row: null, column: null, code: 'roster_unreadable' }]);
		expect(seconds).toBeLessThan(1);
	});

	it(`still reads ${MAX_ROSTER_ROWS.toLocaleString('en')} rows written by a spreadsheet program`, async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('名单');
		sheet.addRow(['村', '户编号', '户主', '姓名', '手机号', '身份证号']);
		for (let i = 0; i < MAX_ROSTER_ROWS; i++)
			sheet.addRow(['马鞍底村', `H${Math.floor(i / 4)}`, `户主${i >> 2}`, `学员${i}`, 13700000000 + i, '']);
		const full = new Uint8Array(await workbook.xlsx.writeBuffer());
		const roster = await parseRosterFile(full, 'full.xlsx');
		expect(roster.problems).toEqual([]);
		expect(roster.rows.length).toBe(MAX_ROSTER_ROWS);
		expect(roster.rows.at(-1)).toMatchObject({
			row: MAX_ROSTER_ROWS + 1,
			name: `学员${MAX_ROSTER_ROWS - 1}`,
			phone: String(13700000000 + MAX_ROSTER_ROWS - 1)
		});
	}, 60_000);
});

describe('CSV of far more rows than a roster', () => {
	it('stops reading at the row limit', async () => {
		// 600,000 one-name rows in a 5 MB upload; read whole this took 7.8 s and 440 MB.
		const bytes = new TextEncoder().encode('村,户编号,户主,姓名\n' + ',,,李\n'.repeat(600_000));
		const { roster, seconds, addedMb } = await measured(bytes, 'many.csv');
		expect(roster.problems.map((p) => p.code)).toEqual(['roster_too_many_rows']);
		expect(seconds).toBeLessThan(2);
		expect(addedMb).toBeLessThan(150);
	});
});
