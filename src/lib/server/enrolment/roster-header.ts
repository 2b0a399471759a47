import { REQUIRED_COLUMNS, ROSTER_HEADERS, type RosterColumn, type RosterProblem } from './roster-types.ts';

/** Header texts each column is known by (after normalising): the template's, the English key, common variants. */
const HEADER_NAMES: Record<RosterColumn, string[]> = {
	village: ['村', '村名', '村庄', '行政村', '所在村', 'village', 'village_name', 'village_code'],
	household_code: ['户编号', '户号', '户码', '家庭户号', 'household_code', 'household'],
	household_head: ['户主', '户主姓名', 'household_head', 'head'],
	name: ['姓名', '名字', '学员姓名', 'name', 'learner_name'],
	phone: ['手机号', '手机', '手机号码', '联系电话', '电话', 'phone', 'mobile'],
	id_number: ['身份证号', '身份证', '身份证号码', '公民身份号码', 'id_number', 'id']
};

const BY_NAME = new Map<string, RosterColumn>(
	Object.entries(HEADER_NAMES).flatMap(([column, names]) => names.map((n) => [n, column as RosterColumn]))
);

/** Lower-case, no spaces or required-marks: "Household Code *" → "household_code". */
function normaliseHeader(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/\(必填\)|\*/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

export interface HeaderMap {
	/** Index of each recognised column in the row's cells. */
	columns: Partial<Record<RosterColumn, number>>;
	ignored: string[];
	problems: RosterProblem[];
}

/** True when the cells look like a header (so a title line above it can be skipped). */
export function looksLikeHeader(cells: string[]): boolean {
	return cells.filter((c) => BY_NAME.has(normaliseHeader(c))).length >= 2;
}

/** Maps header cells to columns; a missing required column or a column given twice is a file-level problem. */
export function mapHeader(cells: string[], headerRow: number): HeaderMap {
	const columns: Partial<Record<RosterColumn, number>> = {};
	const ignored: string[] = [];
	const problems: RosterProblem[] = [];
	cells.forEach((cell, index) => {
		if (!cell) return;
		const column = BY_NAME.get(normaliseHeader(cell));
		if (!column) ignored.push(cell);
		else if (columns[column] !== undefined) {
			problems.push({ row: headerRow, column, code: 'roster_duplicate_column', params: { column: cell } });
		} else columns[column] = index;
	});
	for (const column of REQUIRED_COLUMNS) {
		if (columns[column] === undefined) {
			problems.push({ row: null, column, code: 'roster_missing_column', params: { column: ROSTER_HEADERS[column] } });
		}
	}
	return { columns, ignored, problems };
}
