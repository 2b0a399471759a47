// Certificate numbers: 10 random Crockford base32 characters (50 bits, too many to guess a valid one) and one
// Crockford mod-37 check symbol. 37 is a prime larger than the alphabet, so any single wrong character and any swap
// of two neighbours changes the remainder: a mistyped number is refused before it reaches the database.
import { randomBytes } from 'node:crypto';

const DATA_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = DATA_ALPHABET + '*~$=U';
const DATA_LENGTH = 10;
/** Canonical length: data characters plus the check symbol. */
export const CERTIFICATE_NUMBER_LENGTH = DATA_LENGTH + 1;
// Crockford's symbols that a phone's letter keyboard lacks; see generateCertificateNumber.
const SYMBOL_CHECKS = new Set(['*', '~', '$', '=']);
const CONFUSABLES: Record<string, string> = { O: '0', I: '1', L: '1' };
// Full-width dashes and spaces from Chinese input methods are folded by NFKC first; these are what remains.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212_.]/g;

function checkSymbol(data: string): string {
	let remainder = 0;
	for (const char of data) remainder = (remainder * 32 + DATA_ALPHABET.indexOf(char)) % 37;
	return CHECK_ALPHABET[remainder];
}

/**
 * A new certificate number in canonical form: 11 upper-case characters, no dashes. Numbers whose check symbol
 * would be `*`, `~`, `$` or `=` are drawn again, so every issued number can be typed on a phone's letter keyboard
 * (this costs 0.17 of the 50 random bits); verification still accepts the full Crockford check alphabet.
 */
export function generateCertificateNumber(): string {
	for (;;) {
		// 256 is a multiple of 32, so the low five bits of a random byte are uniform.
		const data = Array.from(randomBytes(DATA_LENGTH), (byte) => DATA_ALPHABET[byte & 31]).join('');
		const check = checkSymbol(data);
		if (!SYMBOL_CHECKS.has(check)) return data + check;
	}
}

/**
 * The number as people read, print and type it: groups of 4, 4 and 3 (`7K3M-Q9XA-2RBU`), short enough to hold in
 * mind and read aloud; the check symbol ends the last group. A number that is not canonical is formatted after
 * normalising; one that cannot be normalised is returned as given.
 */
export function formatCertificateNumber(n: string): string {
	const canonical = normaliseCertificateNumber(n) ?? n;
	return [canonical.slice(0, 4), canonical.slice(4, 8), canonical.slice(8)].filter(Boolean).join('-');
}

/**
 * The canonical form of a number as someone typed it, or null when it is not a valid number. Accepts lower case,
 * full-width characters, spaces and dashes, and reads O as 0 and I or L as 1, as Crockford specifies.
 */
export function normaliseCertificateNumber(input: string): string | null {
	const compact = input.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
	if (compact.length !== CERTIFICATE_NUMBER_LENGTH) return null;
	const chars = Array.from(compact, (char) => CONFUSABLES[char] ?? char);
	const data = chars.slice(0, DATA_LENGTH).join('');
	const check = chars[DATA_LENGTH];
	if (![...data].every((char) => DATA_ALPHABET.includes(char))) return null;
	return checkSymbol(data) === check ? data + check : null;
}

/** Whether the input, however typed, is a well-formed number with a correct check symbol. */
export function isValidCertificateNumber(input: string): boolean {
	return normaliseCertificateNumber(input) !== null;
}
