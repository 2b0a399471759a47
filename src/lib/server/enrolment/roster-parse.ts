import ExcelJS from 'exceljs';
import { decodeText, parseCsv } from './csv.ts';
import { looksLikeHeader, mapHeader } from './roster-header.ts';
import { MAX_ROSTER_ROWS, type ParsedRoster, type RosterColumn, type RosterRow } from './roster-types.ts';

/** A sheet as rows of text cells, with each row's 1-based number (blank rows may be missing). */
type Sheet = { row: number; cells: string[] }[];

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

/**
 * Reads a roster upload: CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16) or XLSX (first worksheet).
 * Never throws for bad input: an unreadable file comes back as a file-level problem.
 */
export async function parseRosterFile(bytes: Uint8Array, fileName: string): Promise<ParsedRoster> {
	const unreadable: ParsedRoster = {
		fileName,
		rows: [],
		problems: [{ row: null, column: null, code: 'roster_unreadable' }],
		ignoredColumns: []
	};
	let sheet: Sheet | null;
	try {
		sheet = bytes[0] === 0x50 && bytes[1] === 0x4b ? await readXlsx(bytes) : readCsv(bytes);
	} catch {
		sheet = null;
	}
	return sheet ? rosterFromSheet(sheet, fileName) : unreadable;
}

function readCsv(bytes: Uint8Array): Sheet | null {
	// Old binary .xls (OLE2) and other binary files: NUL bytes never occur in a text roster.
	if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return null;
	const text = decodeText(bytes);
	if (text.includes('\u0000')) return null;
	return parseCsv(text).map((cells, index) => ({ row: index + 1, cells: cells.map((c) => c.trim()) }));
}

async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
	const workbook = new ExcelJS.Workbook();
	// exceljs types its input as its own ArrayBuffer-like Buffer; a copy gives it exactly that.
	await workbook.xlsx.load(bytes.slice().buffer);
	const worksheet = workbook.worksheets[0];
	if (!worksheet) return [];
	const sheet: Sheet = [];
	worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: false }, (cell, col) => {
			cells[col - 1] = cellText(cell.value).trim();
		});
		sheet.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
	});
	return sheet;
}

/** An Excel cell as the text staff see: integers without ".0", rich text flattened, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if ('richText' in value) return value.richText.map((part) => part.text).join('');
	if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
	if ('text' in value) return cellText(value.text as ExcelJS.CellValue);
	return '';
}

function rosterFromSheet(sheet: Sheet, fileName: string): ParsedRoster {
	const filled = sheet.filter((r) => r.cells.some((c) => c !== ''));
	const candidates = filled.slice(0, HEADER_SEARCH_ROWS);
	const header = candidates.find((r) => looksLikeHeader(r.cells)) ?? filled[0];
	if (!header)
		return { fileName, rows: [], problems: [{ row: null, column: null, code: 'roster_empty' }], ignoredColumns: [] };

	const { columns, ignored, problems } = mapHeader(header.cells, header.row);
	if (problems.length) return { fileName, rows: [], problems, ignoredColumns: ignored };

	const rows: RosterRow[] = [];
	const mapped = Object.entries(columns) as [RosterColumn, number][];
	for (const { row, cells } of filled) {
		if (row <= header.row) continue;
		const out: RosterRow = {
			row,
			village: '',
			householdCode: '',
			householdHead: '',
			name: '',
			phone: '',
			idNumber: ''
		};
		let any = false;
		for (const [column, index] of mapped) {
			const text = cells[index] ?? '';
			out[FIELDS[column]] = text;
			any ||= text !== '';
		}
		// A row with only 序号 or 备注 filled in is a blank line of a pre-numbered sheet.
		if (any) rows.push(out);
	}
	if (rows.length === 0) problems.push({ row: null, column: null, code: 'roster_empty' });
	if (rows.length > MAX_ROSTER_ROWS) {
		problems.push({ row: null, column: null, code: 'roster_too_many_rows', params: { max: String(MAX_ROSTER_ROWS) } });
		return { fileName, rows: [], problems, ignoredColumns: ignored };
	}
	return { fileName, rows, problems, ignoredColumns: ignored };
}
