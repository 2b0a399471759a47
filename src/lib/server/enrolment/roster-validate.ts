import { db, type Executor } from '../db/index.ts';
import { hasForbiddenCharacter, normaliseName } from '../text/names.ts';
import { isMainlandMobile, isValidIdNumber, normaliseIdNumber, normalisePhone } from './identity.ts';
import { householdsByCode, namesInHouseholds, takenIdNumbers, takenPhones, villagesOfTownship } from './lookups.ts';
import {
	MAX_CELL_LENGTH,
	ROSTER_COLUMNS,
	type ParsedRoster,
	type ResolvedRow,
	type RosterColumn,
	type RosterPreview,
	type RosterProblem
} from './roster-types.ts';

interface FileHousehold {
	/** The first village the file gives for it that could be resolved (a missing one is reported already). */
	villageId: number | null;
	head: string;
	firstRow: number;
}

/** Village cell → id: by code, by name, or by name without the trailing 村 ("马鞍底" for 马鞍底村). */
async function villageResolver(database: Executor, townshipId: number): Promise<(text: string) => number | null> {
	const byKey = new Map<string, number>();
	for (const v of await villagesOfTownship(database, townshipId)) {
		byKey.set(v.code, v.id);
		byKey.set(v.name, v.id);
	}
	return (text) => byKey.get(text) ?? byKey.get(`${text}村`) ?? null;
}

function counts(values: string[]): Map<string, number> {
	const map = new Map<string, number>();
	for (const v of values) if (v) map.set(v, (map.get(v) ?? 0) + 1);
	return map;
}

/**
 * Checks a parsed roster against the database for the staff member's township and says what importing it would do.
 * Lookups are preloaded in a handful of queries, so 20,000 rows cost the same number of queries as 2.
 */
export async function validateRoster(
	parsed: ParsedRoster,
	townshipId: number,
	database: Executor = db
): Promise<RosterPreview> {
	const preview: RosterPreview = {
		fileName: parsed.fileName,
		townshipId,
		roster: parsed,
		problems: [...parsed.problems],
		rows: [],
		newHouseholds: 0,
		existingHouseholds: 0,
		newLearners: 0,
		ignoredColumns: parsed.ignoredColumns
	};
	if (preview.problems.length) return preview;

	// Names are compared (same household head, learner already registered) and stored in their normal form.
	const rows = parsed.rows.map((r) => ({
		...r,
		name: normaliseName(r.name),
		householdHead: normaliseName(r.householdHead)
	}));
	const phones = rows.map((r) => normalisePhone(r.phone));
	const ids = rows.map((r) => normaliseIdNumber(r.idNumber));
	const phoneCounts = counts(phones);
	const idCounts = counts(ids);
	const villageOf = await villageResolver(database, townshipId);
	const inDb = new Map(
		(await householdsByCode(database, new Set(rows.map((r) => r.householdCode)))).map((h) => [h.code, h])
	);
	const phoneTaken = await takenPhones(database, [...phoneCounts.keys()].filter(isMainlandMobile));
	const idTaken = await takenIdNumbers(database, [...idCounts.keys()].filter(isValidIdNumber));
	const ownHouseholds = [...inDb.values()].filter((h) => h.townshipId === townshipId);
	const registeredNames = await namesInHouseholds(
		database,
		ownHouseholds.map((h) => h.id)
	);

	const problems = preview.problems;
	const add = (row: number, column: RosterColumn, code: RosterProblem['code']) => problems.push({ row, column, code });
	const fileHouseholds = new Map<string, FileHousehold>();
	/** The row each person first appears in, by household code and name: the same person twice is one learner. */
	const filePeople = new Map<string, number>();
	const villageIds: (number | null)[] = [];

	rows.forEach((r, i) => {
		if (!r.name) add(r.row, 'name', 'roster_missing_name');
		else if (r.name.length > MAX_CELL_LENGTH) add(r.row, 'name', 'roster_too_long');
		else if (hasForbiddenCharacter(r.name)) add(r.row, 'name', 'roster_bad_name');
		if (r.householdHead.length > MAX_CELL_LENGTH) add(r.row, 'household_head', 'roster_too_long');
		else if (hasForbiddenCharacter(r.householdHead)) add(r.row, 'household_head', 'roster_bad_name');

		const villageId = r.village ? villageOf(r.village) : null;
		villageIds.push(villageId);
		if (!r.village) add(r.row, 'village', 'roster_missing_village');
		else if (villageId === null) add(r.row, 'village', 'roster_unknown_village');

		const code = r.householdCode;
		if (!code) add(r.row, 'household_code', 'roster_missing_household_code');
		else if (code.length > MAX_CELL_LENGTH) add(r.row, 'household_code', 'roster_too_long');
		else {
			const existing = inDb.get(code);
			const elsewhere =
				existing && (existing.townshipId !== townshipId || (villageId && existing.villageId !== villageId));
			if (elsewhere) add(r.row, 'household_code', 'roster_duplicate_household');
			if (existing && !elsewhere && registeredNames.has(`${existing.id} ${r.name}`)) {
				add(r.row, 'name', 'roster_learner_exists');
			}
			const person = `${code} ${r.name}`;
			const firstRow = r.name ? filePeople.get(person) : undefined;
			if (firstRow !== undefined) {
				problems.push({ row: r.row, column: 'name', code: 'roster_learner_twice', params: { row: String(firstRow) } });
			} else if (r.name) filePeople.set(person, r.row);
			const seen = fileHouseholds.get(code);
			if (!seen) fileHouseholds.set(code, { villageId, head: r.householdHead, firstRow: r.row });
			else {
				if (villageId !== null && seen.villageId !== null && seen.villageId !== villageId) {
					add(r.row, 'village', 'roster_household_conflict');
				}
				seen.villageId ??= villageId;
				if (!existing && seen.head && r.householdHead && seen.head !== r.householdHead) {
					add(r.row, 'household_head', 'roster_head_conflict');
				}
				seen.head ||= r.householdHead;
			}
		}

		const phone = phones[i];
		if (phone && !isMainlandMobile(phone)) add(r.row, 'phone', 'roster_bad_phone');
		else if (phone && (phoneCounts.get(phone)! > 1 || phoneTaken.has(phone)))
			add(r.row, 'phone', 'roster_duplicate_phone');
		const id = ids[i];
		if (id && !isValidIdNumber(id)) add(r.row, 'id_number', 'roster_bad_id');
		else if (id && (idCounts.get(id)! > 1 || idTaken.has(id))) add(r.row, 'id_number', 'roster_duplicate_id');
	});

	for (const [code, h] of fileHouseholds) {
		if (!inDb.has(code) && !h.head) add(h.firstRow, 'household_head', 'roster_missing_head');
	}

	preview.newHouseholds = [...fileHouseholds.keys()].filter((code) => !inDb.has(code)).length;
	preview.existingHouseholds = ownHouseholds.length;
	preview.newLearners = rows.length;
	problems.sort(
		(a, b) =>
			(a.row ?? 0) - (b.row ?? 0) ||
			ROSTER_COLUMNS.indexOf(a.column ?? 'village') - ROSTER_COLUMNS.indexOf(b.column ?? 'village')
	);
	if (problems.length === 0) {
		preview.rows = rows.map((r, i) => {
			const existing = inDb.get(r.householdCode);
			return {
				row: r.row,
				name: r.name,
				phone: phones[i] || null,
				idNumber: ids[i] || null,
				villageId: villageIds[i]!,
				householdCode: r.householdCode,
				householdId: existing?.id ?? null,
				headName: fileHouseholds.get(r.householdCode)!.head
			} satisfies ResolvedRow;
		});
	}
	return preview;
}
