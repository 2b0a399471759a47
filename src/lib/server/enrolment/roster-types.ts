/** The roster columns, in template order, by their English key. */
export const ROSTER_COLUMNS = ['village', 'household_code', 'household_head', 'name', 'phone', 'id_number'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** The Chinese header each column has in the template. */
export const ROSTER_HEADERS: Record<RosterColumn, string> = {
	village: '村',
	household_code: '户编号',
	household_head: '户主',
	name: '姓名',
	phone: '手机号',
	id_number: '身份证号'
};

/** Columns a roster must have; the head is only needed for new households, but the column must be there. */
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['village', 'household_code', 'household_head', 'name'];

export const MAX_ROSTER_ROWS = 20_000;
/** Cells right of this column are not read (CSV or XLSX): no roster is that wide, and it bounds a row's size. */
export const MAX_COLUMNS = 256;
/** Longest cell we store (names, codes); longer text is almost always a column mix-up. */
export const MAX_CELL_LENGTH = 50;

/** Message keys for roster problems (staff catalogue); stable, the page translates them. */
export const ROSTER_CODES = [
	'roster_empty',
	'roster_unreadable',
	'roster_unclosed_quote',
	'roster_missing_column',
	'roster_duplicate_column',
	'roster_too_many_rows',
	'roster_too_big',
	'roster_missing_name',
	'roster_missing_village',
	'roster_missing_household_code',
	'roster_missing_head',
	'roster_unknown_village',
	'roster_duplicate_household',
	'roster_household_conflict',
	'roster_head_conflict',
	'roster_learner_exists',
	'roster_learner_twice',
	'roster_bad_phone',
	'roster_duplicate_phone',
	'roster_bad_id',
	'roster_duplicate_id',
	'roster_too_long',
	'roster_bad_name'
] as const;
export type RosterCode = (typeof ROSTER_CODES)[number];

/**
 * One thing wrong with a roster. `row` is the spreadsheet's 1-based row (header = 1), null for the whole file;
 * `params` fill the message's placeholders.
 */
export interface RosterProblem {
	row: number | null;
	column: RosterColumn | null;
	code: RosterCode;
	params?: Record<string, string>;
}

/** One learner line of the file: trimmed text, '' when empty. */
export interface RosterRow {
	row: number;
	village: string;
	householdCode: string;
	householdHead: string;
	name: string;
	phone: string;
	idNumber: string;
}

export interface ParsedRoster {
	fileName: string;
	rows: RosterRow[];
	/** File-level problems (unreadable, too big, missing columns, too many rows). */
	problems: RosterProblem[];
	/** Header texts of columns that are not imported (序号, 备注...), for the preview to mention. */
	ignoredColumns: string[];
}

/** A row resolved against the database, ready to insert. */
export interface ResolvedRow {
	row: number;
	name: string;
	phone: string | null;
	idNumber: string | null;
	villageId: number;
	householdCode: string;
	/** Null when the household is new and will be created by the import. */
	householdId: number | null;
	headName: string;
}

export interface RosterPreview {
	fileName: string;
	townshipId: number;
	/** What was parsed, so the import can check it again inside its transaction. */
	roster: ParsedRoster;
	problems: RosterProblem[];
	rows: ResolvedRow[];
	newHouseholds: number;
	existingHouseholds: number;
	newLearners: number;
	ignoredColumns: string[];
}
