// Numbers typed into URLs and forms. `Number()` takes "1e308", "-1", "1.5", "0x10" and "" alike, and SQLite
// refuses a LIMIT or OFFSET that is not a whole number ("datatype mismatch": a 500 for `?page=1e308`), so every
// number a request carries is read here: whole decimal digits only, then bounded.

const DIGITS = /^\d{1,16}$/;

/**
 * An id from a path segment, query or form field: a positive safe integer, else null (the caller's 404).
 * "12" → 12; "", "0", "-1", "1.5", "1e3", " 12", "0x1f" and "99999999999999999" → null.
 */
export function parseId(text: unknown): number | null {
	if (typeof text !== 'string' || !DIGITS.test(text)) return null;
	const id = Number(text);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * A whole number from a query or form field, held within [min, max]; `fallback` when it is missing or not
 * whole decimal digits (a minus sign allowed). Larger than max is max: `?page=99999999999999999999` is the last page.
 */
export function boundedInt(text: unknown, bounds: { min: number; max: number; fallback: number }): number {
	if (typeof text !== 'string') return bounds.fallback;
	const match = /^\s*(-?)(\d+)\s*$/.exec(text);
	if (!match) return bounds.fallback;
	const value = Number(match[1] + match[2]);
	return Math.min(bounds.max, Math.max(bounds.min, value));
}
