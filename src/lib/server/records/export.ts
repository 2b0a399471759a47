// Records exports for the Zhizhi project: CSV (UTF-8 with BOM, for Excel and WPS) and XLSX, both streamed.
import { chinaIsoDay } from '../../dates.ts';
import type { Category } from '../content/index.ts';
import { eachRecordPage, type RecordFilter, type RecordRow, type RecordStatus } from './rows.ts';
import { utf8Of } from './utf8.ts';
import { sheetRowsWriter, xlsxSheetStream, type Cell } from './xlsx.ts';

export const RECORD_HEADERS = [
	'乡镇',
	'村',
	'户编号',
	'姓名',
	'课程',
	'类别',
	'已学课数',
	'总课数',
	'最好成绩',
	'证书编号',
	'发证日期',
	'状态'
] as const;

// The same words as the zh-CN message catalogue: the export is always in Chinese, whatever the staff's UI language.
export const CATEGORY_ZH: Record<Category, string> = {
	farming: '种养技术',
	business: '经营本领',
	internet: '上网安全'
};
export const STATUS_ZH: Record<RecordStatus, string> = {
	certified: '已发证',
	revoked: '证书已撤销',
	passed_waiting_lessons: '考试已通过，课未学完',
	in_progress: '学习中'
};

/** One record as the export's cells, in the order of {@link RECORD_HEADERS}. */
export function recordCells(row: RecordRow): Cell[] {
	return [
		row.township,
		row.village,
		row.householdCode,
		row.learnerName,
		row.courseTitle,
		row.category ? CATEGORY_ZH[row.category] : null,
		row.lessonsDone,
		row.lessonsTotal,
		row.bestScore,
		row.certificateNumber,
		row.certificateIssuedAt ? chinaIsoDay(row.certificateIssuedAt) : null,
		STATUS_ZH[row.status]
	];
}

/**
 * A CSV field. Text that a spreadsheet would run as a formula (= + - @ at the start) gets a leading apostrophe,
 * since names and codes come from imported rosters.
 */
export function csvField(value: string | number | null): string {
	if (value === null) return '';
	if (typeof value === 'number') return String(value);
	const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(cells: readonly (string | number | null)[]): string {
	return cells.map(csvField).join(',') + '\r\n';
}

/** The CSV lines of records, each made as it is taken (see eachRecordPage in rows.ts). */
function* csvLines(rows: Iterable<RecordRow>): Generator<string> {
	for (const row of rows) yield csvLine(recordCells(row));
}

/** The records as CSV: BOM, Chinese header row, CRLF lines; pulled page by page so memory stays flat. */
export function recordsCsvStream(filter: RecordFilter, pageSize?: number): ReadableStream<Uint8Array> {
	let pages: AsyncGenerator<Uint8Array> | undefined;
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(utf8Of(['\uFEFF', csvLine(RECORD_HEADERS)]));
		},
		async pull(controller) {
			pages ??= eachRecordPage(filter, (rows) => utf8Of(csvLines(rows)), pageSize);
			const next = await pages.next();
			if (next.done) return controller.close();
			controller.enqueue(next.value);
		},
		cancel() {
			void pages?.return(undefined);
		}
	});
}

/** The records as an XLSX workbook (one sheet, header row kept in view), streamed page by page. */
export function recordsXlsxStream(
	filter: RecordFilter,
	pageSize?: number,
	at = new Date()
): ReadableStream<Uint8Array> {
	const write = sheetRowsWriter(RECORD_HEADERS.length);
	return xlsxSheetStream(
		'学习记录',
		RECORD_HEADERS,
		eachRecordPage(filter, (rows) => write(rows, recordCells), pageSize),
		at
	);
}
