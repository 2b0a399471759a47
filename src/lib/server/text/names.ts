import { z } from 'zod';

// Names of people and places are shown to staff, printed on certificates and compared to find duplicates.
// Invisible characters break all three: a right-to-left override (U+202E) shows "李四" where the record says
// otherwise, a zero-width space makes "李四" and "李\u200B四" two people, and control characters break CSV exports and
// PDFs. So every name is NFKC-normalised (full-width letters and digits, compatibility ideographs folded to
// their usual form, the ideographic space to a space), its spaces collapsed and trimmed, and refused if it still
// holds a control, format or separator character. Private-use characters stay allowed: some local systems
// write rare characters of real people's names (生僻字) that way.

/** Control (Cc), format (Cf: bidi marks and overrides, zero-width characters, BOM), surrogates, line separators. */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFFFE\uFFFF]/u;

/** The message key for a name with such characters (in the shared form-error messages). */
export const NAME_CHARACTERS_ERROR = 'error_name_characters';

/** A name as typed → as stored: NFKC, runs of spaces made one, trimmed. */
export function normaliseName(text: string): string {
	return text
		.normalize('NFKC')
		.replace(/[ \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
		.trim();
}

/** True when a (normalised) name holds a character no name should have. */
export function hasForbiddenCharacter(name: string): boolean {
	return FORBIDDEN.test(name);
}

/** The name in its stored form, or null when it holds a forbidden character. */
export function cleanName(text: string): string | null {
	const name = normaliseName(text);
	return hasForbiddenCharacter(name) ? null : name;
}

/**
 * A form field for a person's or place's name: normalised, then refused when empty (unless `required` is
 * null), longer than `max` or holding a forbidden character. Messages are message keys.
 */
export function nameField(max: number, messages: { required: string | null; tooLong: string }) {
	return z
		.string({ error: messages.required ?? NAME_CHARACTERS_ERROR })
		.transform(normaliseName)
		.pipe(
			z
				.string()
				.min(messages.required ? 1 : 0, { error: messages.required ?? '' })
				.max(max, { error: messages.tooLong })
				.refine((name) => !hasForbiddenCharacter(name), { error: NAME_CHARACTERS_ERROR })
		);
}
