import { z } from 'zod';
import { OPPORTUNITY_KINDS, type OpportunityKind } from '../db/schema.ts';
import { fieldErrors, type FieldErrors } from '../forms.ts';

// The opportunity form, checked once for staff and the county alike. Messages are message keys (the page shows
// them in the reader's language); every field is plain text, so nothing typed is ever taken as markup.

export const OPPORTUNITY_FIELDS = [
	'kind',
	'title',
	'description',
	'place',
	'startsOn',
	'endsOn',
	'expiresOn',
	'contactName',
	'contactPhone',
	'townshipId'
] as const;
export type OpportunityFormValues = Record<(typeof OPPORTUNITY_FIELDS)[number], string> & { courses: string[] };

/** What a valid form gives; `townshipId` null means the whole county (only the county may choose it). */
export type OpportunityInput = {
	kind: OpportunityKind;
	title: string;
	description: string;
	place: string;
	startsOn: string;
	endsOn: string | null;
	expiresOn: string;
	contactName: string;
	contactPhone: string;
	townshipId: number | null;
	courses: string[];
};

const text = (max: number) => z.string().trim().min(1, 'opp_error_required').max(max, 'opp_error_too_long');
const day = z
	.string()
	.trim()
	.min(1, 'opp_error_required')
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'opp_error_date')
	.refine(
		(s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
		'opp_error_date'
	);

function schema(today: string, courseSlugs: ReadonlySet<string>) {
	return z
		.object({
			kind: z.enum(OPPORTUNITY_KINDS, 'opp_error_required'),
			title: text(60),
			description: text(1000),
			place: text(80),
			startsOn: day,
			endsOn: z.union([z.literal(''), day]),
			expiresOn: day.refine((d) => d >= today, 'opp_error_expired'),
			contactName: text(30),
			// Digits, spaces, dashes and a leading +: a mobile (13800000000) or a landline (0871-1234567).
			contactPhone: z
				.string()
				.trim()
				.min(1, 'opp_error_required')
				.regex(/^\+?[0-9][0-9 -]{4,18}[0-9]$/, 'opp_error_phone'),
			courses: z
				.array(z.string().refine((slug) => courseSlugs.has(slug), 'opp_error_course'))
				.max(5, 'opp_error_course')
		})
		.superRefine((v, ctx) => {
			if (v.endsOn && v.endsOn < v.startsOn)
				ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'opp_error_ends_before' });
		});
}

/**
 * Checks a submitted form. `townships` are the township ids the poster may choose; `county` says whether "all
 * townships" may be chosen (the county admin). A staff member passes their own township only, whatever was sent.
 */
export function parseOpportunityForm(
	values: OpportunityFormValues,
	options: { today: string; courseSlugs: ReadonlySet<string>; townships: readonly number[]; county: boolean }
): { ok: true; input: OpportunityInput } | { ok: false; errors: FieldErrors } {
	const parsed = schema(options.today, options.courseSlugs).safeParse(values);
	const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
	let townshipId: number | null = null;
	if (options.county && values.townshipId === '') townshipId = null;
	else if (!options.county && options.townships.length === 1) townshipId = options.townships[0];
	else {
		const chosen = Number(values.townshipId);
		if (Number.isInteger(chosen) && options.townships.includes(chosen)) townshipId = chosen;
		else errors.townshipId = 'opp_error_township';
	}
	if (!parsed.success || errors.townshipId) return { ok: false, errors };
	const v = parsed.data;
	return {
		ok: true,
		input: { ...v, endsOn: v.endsOn || null, courses: [...new Set(v.courses)], townshipId }
	};
}

/** The form's fields as sent (strings, and the chosen courses), to check and to give back after an error. */
export function opportunityFormValues(form: FormData): OpportunityFormValues {
	const values = {
		courses: form.getAll('courses').filter((c): c is string => typeof c === 'string')
	} as OpportunityFormValues;
	for (const name of OPPORTUNITY_FIELDS) {
		const value = form.get(name);
		values[name] = typeof value === 'string' ? value : '';
	}
	return values;
}
