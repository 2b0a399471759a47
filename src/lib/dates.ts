// Dates a person reads, in China time wherever the code runs. Learners, township offices and the county all keep
// Beijing time, but the server's clock may be set to UTC and a browser to anything: a certificate issued at 01:30
// on 30 November must say 30 November on the PDF, the verification page, staff pages and the export alike.
// Shared by server and browser code, so it imports nothing.

/** The one time zone of every date shown. China keeps it all year (no daylight saving). */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** China time minus UTC, for day and month arithmetic on instants (fixed: no daylight saving). */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * How a date is shown: `day` "2026年11月30日" / "November 30, 2026"; `dayTime` "2026年11月30日 01:30" /
 * "Nov 30, 2026, 1:30 AM"; `month` "2026年11月" / "Nov 2026"; `monthShort` "11月" / "Nov".
 */
export type DateStyle = 'day' | 'dayTime' | 'month' | 'monthShort';

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
	day: { dateStyle: 'long' },
	dayTime: { dateStyle: 'medium', timeStyle: 'short' },
	month: { year: 'numeric', month: 'short' },
	monthShort: { month: 'short' }
};

// Building a formatter costs far more than using one; long lists format hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `date` as a person in China reads it, in `locale` ("zh-CN" or "en"). A "YYYY-MM" or "YYYY-MM-DD" string names a
 * China calendar month or day and shows as that month or day (it parses as UTC midnight, 08:00 the same day here).
 */
export function formatDate(date: Date | string | number, locale: string, style: DateStyle = 'day'): string {
	const key = `${locale} ${style}`;
	let formatter = formatters.get(key);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone: CHINA_TIME_ZONE });
		formatters.set(key, formatter);
	}
	return formatter.format(new Date(date));
}

/** The China calendar day of `date` as YYYY-MM-DD (exports and file names, where spreadsheets expect it). */
export function chinaIsoDay(date: Date): string {
	return new Date(date.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
