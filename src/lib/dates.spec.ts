import { describe, expect, it } from 'vitest';
import { chinaIsoDay, formatDate, type DateStyle } from './dates.ts';

// Whatever the machine's clock is set to, the page must say the China day; a zone far from China makes sure.
process.env.TZ = 'America/Los_Angeles';

// 01:30 on 30 November in China, still 29 November in UTC: where a server set to UTC used to say the 29th.
const LATE_EVENING_UTC = new Date('2026-11-29T17:30:00Z');

describe('formatDate', () => {
	it.each<[DateStyle, string, string]>([
		['day', '2026年11月30日', 'November 30, 2026'],
		['dayTime', '2026年11月30日 01:30', 'Nov 30, 2026, 1:30 AM'],
		['month', '2026年11月', 'Nov 2026'],
		['monthShort', '11月', 'Nov']
	])('shows %s in China time in both languages', (style, zh, en) => {
		expect(formatDate(LATE_EVENING_UTC, 'zh-CN', style)).toBe(zh);
		expect(formatDate(LATE_EVENING_UTC, 'en', style)).toBe(en);
	});

	it('takes the ISO strings and numbers that reach a page as well as dates', () => {
		expect(formatDate(LATE_EVENING_UTC.toISOString(), 'zh-CN')).toBe('2026年11月30日');
		expect(formatDate(LATE_EVENING_UTC.getTime(), 'zh-CN')).toBe('2026年11月30日');
	});

	it('shows a China calendar month or day given as YYYY-MM or YYYY-MM-DD as that month or day', () => {
		expect(formatDate('2026-12', 'zh-CN', 'month')).toBe('2026年12月');
		expect(formatDate('2027-01', 'en', 'monthShort')).toBe('Jan');
		expect(formatDate('2026-11-30', 'zh-CN')).toBe('2026年11月30日');
	});
});

describe('chinaIsoDay', () => {
	it.each([
		['2026-11-29T15:59:59Z', '2026-11-29'],
		['2026-11-29T16:00:00Z', '2026-11-30'],
		['2026-11-29T17:30:00Z', '2026-11-30'],
		['2026-12-31T16:00:00Z', '2027-01-01']
	])('gives the China day of %s as %s', (instant, day) => {
		expect(chinaIsoDay(new Date(instant))).toBe(day);
	});
});
