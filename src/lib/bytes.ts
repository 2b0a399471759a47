/**
 * A size as a person reads it: "288 kB", "3.4 MB", "10 GB", in the page's language. Storage left on a phone is
 * often gigabytes; "10,485,760 kB" tells nobody anything.
 */
export function formatBytes(bytes: number, locale: string): string {
	const units = [
		['gigabyte', 1024 ** 3],
		['megabyte', 1024 ** 2],
		['kilobyte', 1024]
	] as const;
	const [unit, size] = units.find(([, size]) => bytes >= size) ?? units[2];
	const value = Math.max(bytes / size, unit === 'kilobyte' ? 1 : 0);
	return new Intl.NumberFormat(locale, {
		style: 'unit',
		unit,
		// Whole kilobytes; one decimal for the larger units while it says something (3.4 MB, not 340.2 MB).
		maximumFractionDigits: unit === 'kilobyte' || value >= 100 ? 0 : 1
	}).format(value);
}
