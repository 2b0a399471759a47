// A streaming XLSX writer for one sheet of text and numbers: the county's records export.
// exceljs's stream writer builds objects for every row and cell; at 180,000 rows their garbage alone raised the
// server's memory by ~130 MB. This writes the sheet's XML a page at a time through one deflate stream into a
// ZIP with data descriptors (sizes and CRC after each entry), so memory stays at about a page.
import { Readable } from 'node:stream';
import { zipStream } from '../files/zip.ts';

export type Cell = string | number | null;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 does not allow (control characters other than tab and newlines), dropped from text.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as XML character data. */
export function xmlText(text: string): string {
	return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The spreadsheet column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
	let name = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	return name;
}

function cellXml(value: Cell, ref: string): string {
	if (value === null || value === '') return '';
	if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : '';
	const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
	return `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`;
}

/** One row of the sheet as XML (1-based row number). */
export function rowXml(cells: readonly Cell[], rowNumber: number, columns: readonly string[]): string {
	let xml = `<row r="${rowNumber}">`;
	for (let i = 0; i < cells.length; i++) xml += cellXml(cells[i], `${columns[i]}${rowNumber}`);
	return `${xml}</row>`;
}

// What a row's or a cell's XML adds to its reference and its text, at most.
const MARKUP = 64;
// Text that xmlText changes, and text the sheet must keep the spaces of.
// eslint-disable-next-line no-control-regex
const ESCAPED = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const EDGE_SPACE = /^\s|\s$/;
const CHUNK = 64 * 1024;

/**
 * The bytes of rows of XML, written as they are made: the same bytes as `Buffer.from(rowXml(…))`, without the
 * strings. A page's rows built as strings (markup, references, one string per cell and per row, then the page's
 * text flattened to be encoded) made 5.5 MB of garbage a page, so that a scavenge (one every ~13 MB) fell in about
 * every page's rendering, while the page's records and cells were all alive: see eachRecordPage in rows.ts for what
 * V8 then did. Written here, a page leaves 0.3 MB (numbers, row numbers, text that needs escaping), and a county's
 * XLSX export runs 46 scavenges instead of 120.
 */
class XmlBytes {
	private readonly chunks: Buffer[] = [];
	private buffer = Buffer.allocUnsafe(CHUNK);
	private at = 0;

	/** Room for `bytes` more in the current chunk. */
	room(bytes: number): void {
		if (this.at + bytes <= this.buffer.length) return;
		this.chunks.push(this.buffer.subarray(0, this.at));
		this.buffer = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
		this.at = 0;
	}

	/** Markup, references and numbers: ASCII, with room made for them. */
	ascii(text: string): void {
		const buffer = this.buffer;
		let at = this.at;
		for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
		this.at = at;
	}

	/** Text as UTF-8, with room made for three bytes a UTF-16 unit. */
	utf8(text: string): void {
		this.at += this.buffer.write(text, this.at);
	}

	/** The bytes written; the writer is not used after. */
	bytes(): Buffer {
		this.chunks.push(this.buffer.subarray(0, this.at));
		return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
	}
}

/** {@link rowXml} written into `out`. */
function writeRow(out: XmlBytes, cells: readonly Cell[], rowNumber: number, columns: readonly string[]): void {
	const row = String(rowNumber);
	out.room(MARKUP + row.length);
	out.ascii('<row r="');
	out.ascii(row);
	out.ascii('">');
	for (let i = 0; i < cells.length; i++) {
		const value = cells[i];
		if (value === null || value === '') continue;
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) continue;
			const number = String(value);
			out.room(MARKUP + columns[i].length + row.length + number.length);
			out.ascii('<c r="');
			out.ascii(columns[i]);
			out.ascii(row);
			out.ascii('"><v>');
			out.ascii(number);
			out.ascii('</v></c>');
			continue;
		}
		const text = ESCAPED.test(value) ? xmlText(value) : value;
		out.room(MARKUP + columns[i].length + row.length + 3 * text.length);
		out.ascii('<c r="');
		out.ascii(columns[i]);
		out.ascii(row);
		out.ascii(EDGE_SPACE.test(value) ? '" t="inlineStr"><is><t xml:space="preserve">' : '" t="inlineStr"><is><t>');
		out.utf8(text);
		out.ascii('</t></is></c>');
	}
	out.room(6);
	out.ascii('</row>');
}

/**
 * Writes a sheet's rows as XML, numbering them from 2 (row 1 is the header): a page at a time, each item of the
 * page turned into its cells and written as bytes before the next (see eachRecordPage in rows.ts for why nothing
 * else is kept, and XmlBytes for why no strings).
 */
export function sheetRowsWriter(
	columnCount: number
): <T>(page: Iterable<T>, cellsOf: (item: T) => readonly Cell[]) => Buffer {
	const columns = Array.from({ length: columnCount }, (_, i) => columnName(i));
	let rowNumber = 1;
	return (page, cellsOf) => {
		const out = new XmlBytes();
		for (const item of page) writeRow(out, cellsOf(item), ++rowNumber, columns);
		return out.bytes();
	};
}

async function* sheetXml(header: readonly string[], rows: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	const columns = header.map((_, i) => columnName(i));
	// The header row stays in view while scrolling; columns wide enough for Chinese names and dates.
	yield Buffer.from(
		`${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0">` +
			`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
			`<cols><col min="1" max="${header.length}" width="14" customWidth="1"/></cols><sheetData>` +
			rowXml(header, 1, columns)
	);
	yield* rows;
	yield Buffer.from('</sheetData></worksheet>');
}

function packageParts(sheetName: string): { name: string; xml: string }[] {
	return [
		{
			name: '[Content_Types].xml',
			xml:
				`${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
				`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
				`<Default Extension="xml" ContentType="application/xml"/>` +
				`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
				`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
				`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
				`</Types>`
		},
		{
			name: '_rels/.rels',
			xml: `${XML_HEAD}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`
		},
		{
			name: 'xl/workbook.xml',
			xml: `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${DOC_RELS}"><sheets><sheet name="${xmlText(sheetName).replace(/"/g, '&quot;')}" sheetId="1" r:id="rId1"/></sheets></workbook>`
		},
		{
			name: 'xl/_rels/workbook.xml.rels',
			xml:
				`${XML_HEAD}<Relationships xmlns="${RELS}">` +
				`<Relationship Id="rId1" Type="${DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>` +
				`<Relationship Id="rId2" Type="${DOC_RELS}/styles" Target="styles.xml"/></Relationships>`
		},
		{
			name: 'xl/styles.xml',
			xml:
				`${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
				`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
				`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
				`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
				`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
				`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
		}
	];
}

/**
 * A workbook of one sheet: a header row, then the rows of each page, pulled one page at a time as the reader
 * takes the file (a slow download holds the export back instead of filling memory).
 */
export function xlsxStream(
	sheetName: string,
	header: readonly string[],
	pages: Iterable<readonly Cell[][]> | AsyncIterable<readonly Cell[][]>,
	at = new Date()
): ReadableStream<Uint8Array> {
	const write = sheetRowsWriter(header.length);
	return xlsxSheetStream(
		sheetName,
		header,
		(async function* () {
			for await (const page of pages) yield write(page, (cells) => cells);
		})(),
		at
	);
}

/** {@link xlsxStream} of rows already written as XML by {@link sheetRowsWriter}, page by page. */
export function xlsxSheetStream(
	sheetName: string,
	header: readonly string[],
	rows: AsyncIterable<Buffer>,
	at = new Date()
): ReadableStream<Uint8Array> {
	const parts = packageParts(sheetName).map((p) => ({ name: p.name, chunks: [Buffer.from(p.xml)] }));
	const entries: { name: string; chunks: Iterable<Buffer> | AsyncIterable<Buffer> }[] = [
		...parts,
		{ name: 'xl/worksheets/sheet1.xml', chunks: sheetXml(header, rows) }
	];
	return Readable.toWeb(Readable.from(zipStream(entries, at), { objectMode: false })) as ReadableStream<Uint8Array>;
}
