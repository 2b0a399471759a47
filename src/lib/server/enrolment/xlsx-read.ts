// Reads the first worksheet of an XLSX file row by row. An XLSX file is a ZIP of XML, and XML of a million
// near-identical rows packs into a megabyte or so: loading it whole (exceljs) took 145 s and 1.7 GB and stalled
// every other request. So each part's size is checked in the ZIP's directory before a byte is inflated, yauzl
// stops any part that inflates past the size it declared, and rows are handed out as they stream past, so the
// caller can stop reading as soon as it has seen enough.
import yauzl from 'yauzl';
import { MAX_COLUMNS } from './roster-types.ts';
import { attribute, XmlScanner, type XmlHandler } from './xml-scan.ts';

/** One spreadsheet row: its 1-based number and its cells' text (trimmed; '' where empty). */
export interface SheetRow {
	row: number;
	cells: string[];
}

/** Largest sheet or shared-strings part, inflated. 20,000 learners in 30 columns come to about 20 MB. */
export const MAX_XLSX_PART_BYTES = 64 * 2 ** 20;
/** Workbook and relationship parts list sheets; a few kilobytes in real files. */
const MAX_INDEX_PART_BYTES = 2 ** 20;

/** The file's sheet (or its shared strings) inflates to more than `maxBytes`. */
export class XlsxTooBigError extends Error {
	constructor(readonly maxBytes: number) {
		super(`XLSX part larger than ${maxBytes} bytes`);
		this.name = 'XlsxTooBigError';
	}
}

/** The ZIP and its entries by lower-cased name. */
type Parts = { zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> };

async function* partText(parts: Parts, path: string, maxBytes: number): AsyncGenerator<string> {
	const entry = parts.entries.get(path.toLowerCase());
	if (!entry) throw new Error(`missing ${path}`);
	if (entry.uncompressedSize > maxBytes) throw new XlsxTooBigError(maxBytes);
	const stream = await parts.zip.openReadStreamPromise(entry);
	const decoder = new TextDecoder('utf-8');
	try {
		for await (const chunk of stream) yield decoder.decode(chunk as Buffer, { stream: true });
	} finally {
		stream.destroy();
	}
}

async function wholePart(parts: Parts, path: string): Promise<string | null> {
	if (!parts.entries.has(path.toLowerCase())) return null;
	let text = '';
	for await (const piece of partText(parts, path, MAX_INDEX_PART_BYTES)) text += piece;
	return text;
}

/** A relationship's target as a path inside the ZIP, relative to the folder of the part that names it. */
function resolve(from: string, target: string): string {
	if (target.startsWith('/')) return target.slice(1);
	const path = from.split('/').slice(0, -1);
	for (const step of target.split('/')) {
		if (step === '..') path.pop();
		else if (step !== '.') path.push(step);
	}
	return path.join('/');
}

/** `Relationship` elements of a .rels part: id → { type, path }. */
function relationships(xml: string, owner: string): Map<string, { type: string; path: string }> {
	const found = new Map<string, { type: string; path: string }>();
	for (const [tag] of xml.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
		const id = attribute(tag, 'Id');
		const target = attribute(tag, 'Target');
		if (id && target) found.set(id, { type: attribute(tag, 'Type') ?? '', path: resolve(owner, target) });
	}
	return found;
}

const relsOf = (part: string) => part.replace(/([^/]*)$/, '_rels/$1.rels');

/** Where the first worksheet and the shared strings are, from the workbook and its relationships. */
async function locateSheet(parts: Parts): Promise<{ sheet: string; sharedStrings: string | null }> {
	const root = relationships((await wholePart(parts, '_rels/.rels')) ?? '', '');
	const workbook = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.path ?? 'xl/workbook.xml';
	const sheetTag = /<(?:\w+:)?sheet\s[^>]*>/.exec((await wholePart(parts, workbook)) ?? '')?.[0];
	const rels = relationships((await wholePart(parts, relsOf(workbook))) ?? '', workbook);
	const sheet = sheetTag ? rels.get(attribute(sheetTag, '(?:[\\w.-]+:)?id') ?? '')?.path : undefined;
	if (!sheet) throw new Error('no worksheet');
	const shared = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'))?.path ?? null;
	return { sheet, sharedStrings: shared };
}

/** The shared strings table: each `<si>`'s text, rich-text runs joined, phonetic guides (`<rPh>`) left out. */
async function readSharedStrings(parts: Parts, path: string | null): Promise<string[]> {
	const strings: string[] = [];
	if (!path || !parts.entries.has(path.toLowerCase())) return strings;
	let current = '';
	let inText = false;
	let phonetic = 0;
	const scanner = new XmlScanner({
		open(name) {
			if (name === 'si') current = '';
			else if (name === 't') inText = phonetic === 0;
			else if (name === 'rPh') phonetic++;
		},
		close(name) {
			if (name === 'si') strings.push(current);
			else if (name === 't') inText = false;
			else if (name === 'rPh') phonetic--;
		},
		text(text) {
			if (inText) current += text;
		}
	});
	for await (const piece of partText(parts, path, MAX_XLSX_PART_BYTES)) scanner.write(piece);
	return strings;
}

/** "AB12" → 28 (1-based column); 0 when the reference has no letters. */
function columnOf(ref: string): number {
	let column = 0;
	for (let i = 0; i < ref.length && column <= MAX_COLUMNS; i++) {
		const code = ref.charCodeAt(i) | 0x20;
		if (code < 0x61 || code > 0x7a) break;
		column = column * 26 + (code - 0x60);
	}
	return column;
}

/** A cell's text as staff see it: integers without ".0", shared strings looked up, booleans as words. */
function cellValue(type: string | null, value: string, inline: string, shared: string[]): string {
	switch (type) {
		case 's':
			return shared[Number(value)] ?? '';
		case 'inlineStr':
			return inline;
		case 'b':
			return value === '1' ? 'true' : 'false';
		case 'd':
			return value.slice(0, 10);
		case 'str':
		case 'e':
			return value;
		default: {
			// Dates stored as serial numbers stay numbers: a roster has no date column.
			const number = Number(value);
			if (value === '' || !Number.isFinite(number)) return value;
			return Number.isInteger(number) ? number.toFixed(0) : String(number);
		}
	}
}

/** Collects finished rows of a sheet's XML into `ready`. */
function sheetHandler(shared: string[], ready: SheetRow[]): XmlHandler {
	let row: SheetRow | null = null;
	let lastRow = 0;
	let column = 0;
	let type: string | null = null;
	let value = '';
	let inline = '';
	let capture: 'v' | 't' | null = null;
	let phonetic = 0;
	return {
		open(name, tag) {
			if (name === 'row') {
				const r = Number(attribute(tag, 'r'));
				lastRow = Number.isSafeInteger(r) && r > 0 ? r : lastRow + 1;
				row = { row: lastRow, cells: [] };
				column = 0;
			} else if (name === 'c' && row) {
				const ref = attribute(tag, 'r');
				column = (ref && columnOf(ref)) || column + 1;
				type = attribute(tag, 't');
				value = inline = '';
			} else if (name === 'v') capture = 'v';
			else if (name === 't') capture = phonetic ? null : 't';
			else if (name === 'rPh') phonetic++;
		},
		close(name) {
			if (name === 'c' && row) {
				if (column <= MAX_COLUMNS) row.cells[column - 1] = cellValue(type, value, inline, shared).trim();
			} else if (name === 'row' && row) {
				ready.push({ row: row.row, cells: Array.from(row.cells, (c) => c ?? '') });
				row = null;
			} else if (name === 'v' || name === 't') capture = null;
			else if (name === 'rPh') phonetic--;
		},
		text(text) {
			if (capture === 'v') value += text;
			else if (capture === 't') inline += text;
		}
	};
}

/**
 * The rows of the workbook's first worksheet, in file order, as they are read. Stopping the iteration stops
 * the reading. Throws XlsxTooBigError when a part is over its limit, any other error when the file is broken.
 */
export async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
	const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
		validateEntrySizes: true,
		autoClose: false
	});
	try {
		const entries = new Map<string, yauzl.Entry>();
		// Part names are case-insensitive in OOXML; some writers' relationships differ in case from the ZIP.
		for await (const entry of zip.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
		const parts = { zip, entries };
		const { sheet, sharedStrings } = await locateSheet(parts);
		const shared = await readSharedStrings(parts, sharedStrings);
		const ready: SheetRow[] = [];
		const scanner = new XmlScanner(sheetHandler(shared, ready));
		for await (const piece of partText(parts, sheet, MAX_XLSX_PART_BYTES)) {
			scanner.write(piece);
			yield* ready;
			ready.length = 0;
		}
	} finally {
		zip.close();
	}
}
