import { describe, expect, it } from 'vitest';
import { decodeEntities, XmlScanner } from './xml-scan.ts';
import { xlsxRows, type SheetRow } from './xlsx-read.ts';
import { sheetXml, xlsxEntries, zip } from './test-xlsx.ts';

async function collect(iterable: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
	const all: SheetRow[] = [];
	for await (const row of iterable) all.push(row);
	return all;
}

const rows = (sheet: string, shared: string[] = []) => collect(xlsxRows(zip(xlsxEntries(sheet, shared))));

describe('xlsxRows', () => {
	it('reads the cell types spreadsheet programs write', async () => {
		const sheet = sheetXml(
			'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>王&amp;五</t></is></c></row>' +
				'<row r="3"><c r="A3"><v>1.3812345678E10</v></c><c r="B3"><v>1.5</v></c><c r="C3" t="b"><v>1</v></c>' +
				'<c r="D3" t="str"><f>A1&amp;"x"</f><v>李四x</v></c><c r="E3" t="s"><v>1</v></c><c r="F3" t="s"><v>9</v></c></row>'
		);
		const shared = [
			'李四',
			'<r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh>'
		];
		expect(await rows(sheet, shared)).toEqual([
			{ row: 1, cells: ['李四', '', '王&五'] },
			{ row: 3, cells: ['13812345678', '1.5', 'true', '李四x', '张三', ''] }
		]);
	});

	it('reads namespace prefixes, and rows and cells without references', async () => {
		const sheet =
			'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
			'<x:row><x:c t="inlineStr"><x:is><x:t>村</x:t></x:is></x:c><x:c><x:v>2</x:v></x:c></x:row>' +
			'<x:row><x:c r="B2"><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row><x:row/>' +
			'</x:sheetData></x:worksheet>';
		expect(await rows(sheet)).toEqual([
			{ row: 1, cells: ['村', '2'] },
			{ row: 2, cells: ['', '3', '4'] },
			{ row: 3, cells: [] }
		]);
	});

	it('ignores cells far to the right instead of making rows of millions of cells', async () => {
		const sheet = sheetXml(
			'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c><c r="ZZZZZZZZ1"><v>3</v></c></row>'
		);
		expect(await rows(sheet)).toEqual([{ row: 1, cells: ['1'] }]);
	});

	it('finds parts whose names differ in case from their relationships', async () => {
		const entries = xlsxEntries(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), ['李四']);
		for (const entry of entries)
			entry.name = entry.name.replace('sheet1', 'Sheet1').replace('sharedStrings', 'SharedStrings');
		expect(await collect(xlsxRows(zip(entries)))).toEqual([{ row: 1, cells: ['李四'] }]);
	});

	it('refuses a file that is not an XLSX workbook', async () => {
		await expect(collect(xlsxRows(zip([{ name: 'a.txt', data: 'hello' }])))).rejects.toThrow();
	});
});

describe('XmlScanner', () => {
	it('gives the same events however the text is cut into chunks', () => {
		const xml = '<?xml version="1.0"?><a x="1"><!-- <b> --><b>A &amp; B &#x4E00;</b><![CDATA[<c>]]><d/></a>';
		const events = (chunk: number) => {
			const seen: string[] = [];
			let text = '';
			const flush = () => (text ? (seen.push(`text ${text}`), (text = '')) : null);
			const scanner = new XmlScanner({
				open: (name) => (flush(), seen.push(`open ${name}`)),
				close: (name) => (flush(), seen.push(`close ${name}`)),
				text: (t) => (text += t)
			});
			for (let i = 0; i < xml.length; i += chunk) scanner.write(xml.slice(i, i + chunk));
			return seen;
		};
		const whole = events(xml.length);
		expect(whole).toEqual(['open a', 'open b', 'text A & B 一', 'close b', 'text <c>', 'open d', 'close d', 'close a']);
		for (const chunk of [1, 2, 3, 7]) expect(events(chunk)).toEqual(whole);
	});

	it('refuses a tag or text that never ends', () => {
		const scanner = new XmlScanner({ open() {}, close() {}, text() {} });
		expect(() => scanner.write('<a ' + 'x'.repeat(2 ** 21))).toThrow();
	});

	it('decodes entities and leaves unknown ones', () => {
		expect(decodeEntities('&lt;&gt;&quot;&apos;&#20013;&nbsp;&#x110000;')).toBe('<>"\'中&nbsp;&#x110000;');
	});
});
