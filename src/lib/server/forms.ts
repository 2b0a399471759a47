import type { z } from 'zod';

/** Field name → message key of its first problem. */
export type FieldErrors = Record<string, string>;

/** The text fields of a form as plain strings (files and missing fields become ''). */
export function formValues<K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
	const values = {} as Record<K, string>;
	for (const name of names) {
		const value = form.get(name);
		values[name] = typeof value === 'string' ? value : '';
	}
	return values;
}

/** The first problem of each field of a failed zod parse; schemas use message keys as their messages. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	return errors;
}

/** The values to send back to a form after an error: never the passwords that were typed. */
export function keepValues<T extends Record<string, string>>(values: T, secret: readonly string[] = []): Partial<T> {
	const kept: Partial<T> = { ...values };
	for (const name of secret) delete kept[name];
	return kept;
}
