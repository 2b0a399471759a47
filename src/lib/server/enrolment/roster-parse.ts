import { CsvUnclosedQuoteError, csvRecords, decodeText } from './csv.ts';
import { looksLikeHeader, mapHeader } from './roster-header.ts';
import {
	MAX_ROSTER_ROWS,
	type ParsedRoster,
	type RosterColumn,
	type RosterProblem,
	type RosterRow
} from './roster-types.ts';
import { MAX_XLSX_PART_BYTES, XlsxTooBigError, xlsxRows, type SheetRow } from './xlsx-read.ts';

const FIELDS: Record<RosterColumn, Exclude<keyof RosterRow, 'row'>> = {
	village: 'village',
	household_code: 'householdCode',
	household_head: 'householdHead',
	name: 'name',
	phone: 'phone',
	id_number: 'idNumber'
};
/** Header search stops here: a title line or two above the header is common, a dozen is not a roster. */
const HEADER_SEARCH_ROWS = 5;

const fileProblem = (fileName: string, problem: RosterProblem): ParsedRoster => ({
	fileName,
	rows: [],
	problems: [problem],
	ignoredColumns: []
});

/**
 * Reads a roster upload: CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or XLSX (first worksheet).
 * Rows are read as they come and reading stops at the row limit, so a small file that unpacks to a million
 * rows costs what 20,000 do. Never throws for bad input: an unreadable file comes back as a file-level problem.
 */
export async function parseRosterFile(bytes: Uint8Array, fileName: string): Promise<ParsedRoster> {
	const unreadable = fileProblem(fileName, { row: null, column: null, code: 'roster_unreadable' });
	try {
		const rows = bytes[0] === 0x50 && bytes[1] === 0x4b ? xlsxRows(bytes) : csvRows(bytes);
		return rows ? await rosterFromRows(rows, fileName) : unreadable;
	} catch (e) {
		if (e instanceof CsvUnclosedQuoteError) {
			return fileProblem(fileName, { row: e.row, column: null, code: 'roster_unclosed_quote' });
		}
		if (!(e instanceof XlsxTooBigError)) return unreadable;
		const max = String(MAX_XLSX_PART_BYTES / 2 ** 20);
		return fileProblem(fileName, { row: null, column: null, code: 'roster_too_big', params: { max } });
	}
}

function csvRows(bytes: Uint8Array): Iterable<SheetRow> | null {
	// Old binary .xls (OLE2) and other binary files: NUL bytes never occur in a text roster.
	if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return null;
	const text = decodeText(bytes);
	if (text.includes('\u0000')) return null;
	return (function* () {
		let row = 0;
		for (const cells of csvRecords(text)) yield { row: ++row, cells: cells.map((c) => c.trim()) };
	})();
}

/** Builds roster rows under a header row, stopping once there are more than the limit allows. */
function rowCollector(header: SheetRow, fileName: string) {
	const { columns, ignored, problems } = mapHeader(header.cells, header.row);
	const mapped = Object.entries(columns) as [RosterColumn, number][];
	const rows: RosterRow[] = [];
	return {
		/** False when the header is wrong or the rows are too many: read no further. */
		add(line: SheetRow): boolean {
			if (problems.length) return false;
			if (line.row <= header.row) return true;
			const out: RosterRow = {
				row: line.row,
				village: '',
				householdCode: '',
				householdHead: '',
				name: '',
				phone: '',
				idNumber: ''
			};
			let any = false;
			for (const [column, index] of mapped) {
				const text = line.cells[index] ?? '';
				out[FIELDS[column]] = text;
				any ||= text !== '';
			}
			// A row with only 序号 or 备注 filled in is a blank line of a pre-numbered sheet.
			if (any) rows.push(out);
			return rows.length <= MAX_ROSTER_ROWS;
		},
		result(): ParsedRoster {
			if (problems.length) return { fileName, rows: [], problems, ignoredColumns: ignored };
			if (rows.length > MAX_ROSTER_ROWS) {
				const max = String(MAX_ROSTER_ROWS);
				return {
					fileName,
					rows: [],
					problems: [{ row: null, column: null, code: 'roster_too_many_rows', params: { max } }],
					ignoredColumns: ignored
				};
			}
			const empty: RosterProblem[] = rows.length ? [] : [{ row: null, column: null, code: 'roster_empty' }];
			return { fileName, rows, problems: empty, ignoredColumns: ignored };
		}
	};
}

/**
 * The header is the first of the first few filled rows that looks like one (a title line or two may stand
 * above it), else the first filled row; the rows below it are the learners.
 */
async function rosterFromRows(sheet: Iterable<SheetRow> | AsyncIterable<SheetRow>, fileName: string) {
	const waiting: SheetRow[] = [];
	let collector: ReturnType<typeof rowCollector> | null = null;
	for await (const line of sheet) {
		if (!line.cells.some((c) => c !== '')) continue;
		if (collector) {
			if (!collector.add(line)) break;
			continue;
		}
		waiting.push(line);
		if (looksLikeHeader(line.cells)) collector = rowCollector(line, fileName);
		else if (waiting.length === HEADER_SEARCH_ROWS) collector = startAtFirst(waiting, fileName);
	}
	if (!collector && waiting.length) collector = startAtFirst(waiting, fileName);
	return collector?.result() ?? fileProblem(fileName, { row: null, column: null, code: 'roster_empty' });
}

/** No header found among the first rows: the first one is taken as the header, the others are rows. */
function startAtFirst(waiting: SheetRow[], fileName: string) {
	const collector = rowCollector(waiting[0], fileName);
	for (const line of waiting.slice(1)) collector.add(line);
	return collector;
}
