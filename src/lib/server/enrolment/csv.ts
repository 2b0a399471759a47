import iconv from 'iconv-lite';
import { MAX_COLUMNS } from './roster-types.ts';

/**
 * Bytes of a CSV file → text. Excel and WPS in China save "CSV" as GBK unless told otherwise, and
 * "Unicode text" as UTF-16; strict UTF-8 is tried first because GBK bytes are almost never valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return new TextDecoder('utf-8').decode(bytes.subarray(3));
	}
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return iconv.decode(bytes, 'gb18030');
	}
}

/** Tab when the first line has more tabs than commas (Excel's "Unicode text"), else comma. */
function guessDelimiter(text: string): string {
	const end = text.search(/[\r\n]/);
	const first = end === -1 ? text : text.slice(0, end);
	const tabs = first.split('\t').length;
	return tabs > first.split(',').length ? '\t' : ',';
}

/**
 * A quoted field that never closes: every line below it would be read into that one cell, and the rows it
 * swallowed would silently not be imported. `row` is the row where the quote opened.
 */
export class CsvUnclosedQuoteError extends Error {
	constructor(readonly row: number) {
		super(`a quote opened in row ${row} is never closed`);
	}
}

/**
 * RFC 4180 records: quoted fields may hold delimiters, newlines and doubled quotes; CRLF, LF or CR end a record.
 * Each record is one spreadsheet row, so record index + 1 is the row number staff see in Excel.
 * Records are made as they are asked for: 5 MB of empty lines is five million records, and a reader that
 * stops at the row limit should not pay for the rest. Throws CsvUnclosedQuoteError at the end of a text whose last
 * quoted field never closes.
 */
export function* csvRecords(text: string, delimiter = guessDelimiter(text)): Generator<string[]> {
	let record: string[] = [];
	let field = '';
	let quoted = false;
	/** Records yielded so far: the open one is the row after them. */
	let records = 0;
	let i = 0;
	const n = text.length;
	while (i < n) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else {
				field += c;
			}
			i++;
			continue;
		}
		if (c === '"' && field === '') {
			quoted = true;
		} else if (c === delimiter) {
			// Fields far to the right are dropped: no roster is that wide, and it bounds a record's size.
			if (record.length < MAX_COLUMNS) record.push(field);
			field = '';
		} else if (c === '\r' || c === '\n') {
			record.push(field);
			records++;
			yield record;
			record = [];
			field = '';
			if (c === '\r' && text[i + 1] === '\n') i++;
		} else {
			field += c;
		}
		i++;
	}
	if (quoted) throw new CsvUnclosedQuoteError(records + 1);
	if (field !== '' || record.length > 0) {
		record.push(field);
		yield record;
	}
}

/** Every record of a CSV text (see csvRecords). */
export function parseCsv(text: string, delimiter = guessDelimiter(text)): string[][] {
	return [...csvRecords(text, delimiter)];
}
