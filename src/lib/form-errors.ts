import { m } from '$lib/paraglide/messages';

// An explicit table (not m[key]) so that bundles only carry the messages forms can show.
const TEXT: Record<string, () => string> = {
	error_required: m.error_required,
	error_too_long: m.error_too_long,
	error_name_characters: m.error_name_characters,
	error_password_mismatch: m.error_password_mismatch,
	error_current_password: m.error_current_password,
	error_current_password_locked: m.error_current_password_locked,
	error_phone_format: m.error_phone_format,
	error_phone_taken: m.error_phone_taken,
	error_code_invalid: m.error_code_invalid,
	error_household_unknown: m.error_household_unknown,
	password_too_short_learner: m.password_too_short_learner,
	password_too_short_staff: m.password_too_short_staff,
	error_code_taken: m.error_code_taken,
	error_unknown_parent: m.error_unknown_parent,
	error_username_taken: m.error_username_taken,
	error_code_format: m.error_code_format,
	error_username_format: m.error_username_format
};

/** The translated text of a form error key; extra tables cover the messages of one area. */
export function errorText(key: string | undefined, extra?: Record<string, () => string>): string | undefined {
	if (!key) return undefined;
	return (extra?.[key] ?? TEXT[key] ?? m.error_required)();
}
