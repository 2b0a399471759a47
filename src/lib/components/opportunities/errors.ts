import { m } from '$lib/paraglide/messages';
import { errorText } from '$lib/form-errors';

// The opportunity form's problems (keys from server/opportunities/form.ts), listed so bundles carry only these.
const TEXT: Record<string, () => string> = {
	opp_error_required: m.error_required,
	opp_error_too_long: m.opp_error_too_long,
	opp_error_date: m.opp_error_date,
	opp_error_expired: m.opp_error_expired,
	opp_error_ends_before: m.opp_error_ends_before,
	opp_error_phone: m.opp_error_phone,
	opp_error_course: m.opp_error_course,
	opp_error_township: m.opp_error_township
};

/** The text of an opportunity form error key. */
export const oppErrorText = (key: string | undefined): string | undefined => errorText(key, TEXT);
