import ExcelJS from 'exceljs';
import { ROSTER_COLUMNS, ROSTER_HEADERS } from './roster-types.ts';

/** Two example learners of one new household in a demo village (the second has no phone: that is allowed). */
const EXAMPLES: string[][] = [
	['马鞍底村', '532530101201101', '李建国', '李建国', '13800138000', ''],
	['马鞍底村', '532530101201101', '李建国', '王秀英', '', '']
];
const HEADER = ROSTER_COLUMNS.map((c) => ROSTER_HEADERS[c]);
/** Codes, phones and ID numbers are text: as numbers Excel drops leading zeros and shows 18 digits as 5.3E+17. */
const TEXT_COLUMNS = new Set(['household_code', 'phone', 'id_number']);

function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The roster template as CSV text; the BOM makes Excel open it as UTF-8 instead of the system's GBK. */
export function rosterTemplateCsv(): string {
	return '\uFEFF' + [HEADER, ...EXAMPLES].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The roster template as an XLSX workbook, with text columns formatted as text. */
export async function rosterTemplateXlsx(): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('名单');
	sheet.columns = ROSTER_COLUMNS.map((column) => ({
		header: ROSTER_HEADERS[column],
		key: column,
		width: column === 'id_number' ? 22 : 16,
		style: TEXT_COLUMNS.has(column) ? { numFmt: '@' } : {}
	}));
	sheet.getRow(1).font = { bold: true };
	sheet.addRows(EXAMPLES);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
