import { m } from '$lib/paraglide/messages';
import { errorText } from '$lib/form-errors';

// Messages with placeholders are called with the problem's params; the others ignore them.
type Message = (params: Record<string, string>) => string;

// Explicit, so the staff pages' bundles carry only these messages.
const TEXT: Record<string, unknown> = {
	enrol_household_not_found: m.enrol_household_not_found,
	enrol_name_required: m.enrol_name_required,
	enrol_phone_invalid: m.enrol_phone_invalid,
	enrol_id_invalid: m.enrol_id_invalid,
	enrol_too_long: m.enrol_too_long,
	enrol_village_not_found: m.enrol_village_not_found,
	enrol_household_code_required: m.enrol_household_code_required,
	enrol_head_required: m.enrol_head_required,
	enrol_household_code_taken: m.enrol_household_code_taken,
	enrol_phone_taken: m.enrol_phone_taken,
	enrol_id_taken: m.enrol_id_taken,
	roster_empty: m.roster_empty,
	roster_unreadable: m.roster_unreadable,
	roster_unclosed_quote: m.roster_unclosed_quote,
	roster_missing_column: m.roster_missing_column,
	roster_duplicate_column: m.roster_duplicate_column,
	roster_too_many_rows: m.roster_too_many_rows,
	roster_too_big: m.roster_too_big,
	roster_missing_name: m.roster_missing_name,
	roster_missing_village: m.roster_missing_village,
	roster_missing_household_code: m.roster_missing_household_code,
	roster_missing_head: m.roster_missing_head,
	roster_unknown_village: m.roster_unknown_village,
	roster_duplicate_household: m.roster_duplicate_household,
	roster_household_conflict: m.roster_household_conflict,
	roster_head_conflict: m.roster_head_conflict,
	roster_learner_exists: m.roster_learner_exists,
	roster_learner_twice: m.roster_learner_twice,
	roster_bad_phone: m.roster_bad_phone,
	roster_duplicate_phone: m.roster_duplicate_phone,
	roster_bad_id: m.roster_bad_id,
	roster_duplicate_id: m.roster_duplicate_id,
	roster_too_long: m.roster_too_long,
	roster_bad_name: m.roster_bad_name,
	staff_import_no_file: m.staff_import_no_file,
	staff_import_too_big: m.staff_import_too_big,
	staff_import_expired: m.staff_import_expired,
	staff_import_stale: m.staff_import_stale,
	staff_code_days_range: m.staff_code_days_range,
	staff_code_uses_range: m.staff_code_uses_range
};

/** The text of a staff-area error key (roster problems take their parameters). */
export function staffErrorText(key: string | undefined, params?: Record<string, string>): string | undefined {
	if (!key) return undefined;
	const message = TEXT[key] as Message | undefined;
	return message ? message(params ?? {}) : errorText(key);
}

const COLUMN: Record<string, () => string> = {
	village: m.staff_village,
	household_code: m.staff_household_code,
	household_head: m.staff_head_name,
	name: m.staff_name,
	phone: m.staff_phone,
	id_number: m.staff_id_number
};

/** The header a roster column has in the template. */
export function rosterColumnName(column: string): string {
	return COLUMN[column]?.() ?? column;
}
