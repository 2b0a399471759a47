const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Phone as typed → canonical digits: full-width digits folded, spaces and dashes dropped, a leading +86 removed. */
export function normalisePhone(value: string): string {
	const compact = value.normalize('NFKC').replace(/[\s-]/g, '');
	return compact.startsWith('+86') ? compact.slice(3) : compact;
}

/** An 11-digit mainland mobile number (starts with 1). */
export function isMainlandMobile(phone: string): boolean {
	return /^1[3-9]\d{9}$/.test(phone);
}

/** ID number as typed → canonical form: full-width folded, spaces dropped, check letter upper-case. */
export function normaliseIdNumber(value: string): string {
	return value.normalize('NFKC').replace(/\s/g, '').toUpperCase();
}

/** A resident ID number (GB 11643-1999): 17 digits with a real birth date, then the mod-11 check character. */
export function isValidIdNumber(id: string): boolean {
	if (!/^\d{17}[\dX]$/.test(id)) return false;
	const year = Number(id.slice(6, 10));
	const month = Number(id.slice(10, 12));
	const day = Number(id.slice(12, 14));
	const birth = new Date(Date.UTC(year, month - 1, day));
	if (year < 1900 || birth.getTime() > Date.now()) return false;
	if (birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
	return ID_CHECK[sum % 11] === id[17];
}

/** The check character for the first 17 digits (for fixtures and tests). */
export function idCheckCharacter(first17: string): string {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
	return ID_CHECK[sum % 11];
}

/** Shows only the region and the last four characters, for lists that staff read on screen. */
export function maskIdNumber(id: string | null): string | null {
	return id ? `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}` : null;
}
