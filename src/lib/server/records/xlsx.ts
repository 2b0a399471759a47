// A streaming XLSX writer for one sheet of text and numbers: the county's records export.
// exceljs's stream writer builds objects for every row and cell; at 180,000 rows their garbage alone raised the
// server's memory by ~130 MB. This writes the sheet's XML a page at a time through one deflate stream into a
// ZIP with data descriptors (sizes and CRC after each entry), so memory stays at about a page.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

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

function* sheetXml(header: readonly string[], pages: Iterable<readonly Cell[][]>): Generator<Buffer> {
	const columns = header.map((_, i) => columnName(i));
	// The header row stays in view while scrolling; columns wide enough for Chinese names and dates.
	yield Buffer.from(
		`${XML_HEAD}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0">` +
			`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
			`<cols><col min="1" max="${header.length}" width="14" customWidth="1"/></cols><sheetData>` +
			rowXml(header, 1, columns)
	);
	let rowNumber = 1;
	for (const page of pages) {
		let xml = '';
		for (const cells of page) xml += rowXml(cells, ++rowNumber, columns);
		yield Buffer.from(xml);
	}
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

/** Deflates a sequence of chunks through one raw deflate stream, yielding its output as it comes. */
async function* deflated(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
	const deflate = createDeflateRaw({ level: 6 });
	const out: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => out.push(chunk));
	const ended = once(deflate, 'end');
	for (const chunk of chunks) {
		// The next chunk is made only once zlib has taken this one.
		await new Promise<void>((resolve, reject) => deflate.write(chunk, (error) => (error ? reject(error) : resolve())));
		while (out.length) yield out.shift()!;
	}
	deflate.end();
	await ended;
	while (out.length) yield out.shift()!;
}

/** MS-DOS time and date of a moment (the ZIP format's). */
function dosDateTime(at: Date): { time: number; date: number } {
	return {
		time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
		date: ((at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate()
	};
}

const FLAGS = 0x0808; // sizes in a data descriptor after the data; names in UTF-8
const DEFLATE = 8;
const MAX_32 = 0xffffffff;

async function* zip(entries: { name: string; chunks: Iterable<Buffer> }[], at: Date): AsyncGenerator<Buffer> {
	const { time, date } = dosDateTime(at);
	const central: Buffer[] = [];
	let offset = 0;
	for (const entry of entries) {
		const name = Buffer.from(entry.name, 'utf8');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(FLAGS, 6);
		local.writeUInt16LE(DEFLATE, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt16LE(name.length, 26);
		const start = offset;
		yield Buffer.concat([local, name]);
		offset += 30 + name.length;

		let crc = 0;
		let size = 0;
		let compressed = 0;
		const counted = (function* () {
			for (const chunk of entry.chunks) {
				crc = crc32(chunk, crc);
				size += chunk.length;
				yield chunk;
			}
		})();
		for await (const chunk of deflated(counted)) {
			compressed += chunk.length;
			yield chunk;
		}
		if (size > MAX_32 || compressed > MAX_32) throw new Error('xlsx: a part is larger than 4 GB');
		offset += compressed;
		const descriptor = Buffer.alloc(16);
		descriptor.writeUInt32LE(0x08074b50, 0);
		descriptor.writeUInt32LE(crc >>> 0, 4);
		descriptor.writeUInt32LE(compressed, 8);
		descriptor.writeUInt32LE(size, 12);
		yield descriptor;
		offset += 16;

		const header = Buffer.alloc(46);
		header.writeUInt32LE(0x02014b50, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(20, 6);
		header.writeUInt16LE(FLAGS, 8);
		header.writeUInt16LE(DEFLATE, 10);
		header.writeUInt16LE(time, 12);
		header.writeUInt16LE(date, 14);
		header.writeUInt32LE(crc >>> 0, 16);
		header.writeUInt32LE(compressed, 20);
		header.writeUInt32LE(size, 24);
		header.writeUInt16LE(name.length, 28);
		header.writeUInt32LE(start, 42);
		central.push(header, name);
	}
	if (offset > MAX_32) throw new Error('xlsx: the file is larger than 4 GB');
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	yield Buffer.concat([directory, end]);
}

/**
 * A workbook of one sheet: a header row, then the rows of each page, pulled one page at a time as the reader
 * takes the file (a slow download holds the export back instead of filling memory).
 */
export function xlsxStream(
	sheetName: string,
	header: readonly string[],
	pages: Iterable<readonly Cell[][]>,
	at = new Date()
): ReadableStream<Uint8Array> {
	const parts = packageParts(sheetName).map((p) => ({ name: p.name, chunks: [Buffer.from(p.xml)] }));
	const entries = [...parts, { name: 'xl/worksheets/sheet1.xml', chunks: sheetXml(header, pages) }];
	return Readable.toWeb(Readable.from(zip(entries, at), { objectMode: false })) as ReadableStream<Uint8Array>;
}
