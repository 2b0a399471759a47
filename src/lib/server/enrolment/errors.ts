/** Message keys (staff catalogue) for refusals that are not about one form field. */
export const ENROLMENT_ERROR_KEYS = ['learner_not_found', 'roster_has_problems', 'roster_wrong_township'] as const;
export type EnrolmentErrorKey = (typeof ENROLMENT_ERROR_KEYS)[number];

/** A refusal the page shows as a message (or a 404 for learner_not_found); `key` is a message key. */
export class EnrolmentError extends Error {
	constructor(readonly key: EnrolmentErrorKey) {
		super(key);
		this.name = 'EnrolmentError';
	}
}

/** Field name → message key, for `fail(400, { errors, values })`. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type FormResult<T, F extends string> = ({ ok: true } & T) | { ok: false; errors: FieldErrors<F> };
