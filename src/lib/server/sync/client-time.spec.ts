import { describe, expect, it } from 'vitest';
import { clampClientTime } from './client-time.ts';

const arrivedAt = new Date('2026-11-20T10:00:00Z');
const bounds = { arrivedAt, accountCreatedAt: new Date('2026-09-01T00:00:00Z'), offlineWindowDays: 30 };
const at = (iso: string) => clampClientTime(new Date(iso), bounds).toISOString();

describe('clampClientTime', () => {
	it.each([
		['an hour before arrival stays as it is', '2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.000Z'],
		['29 days offline stays as it is', '2026-10-22T10:00:00.000Z', '2026-10-22T10:00:00.000Z'],
		['a date from 2001 is moved to the start of the window', '2001-01-01T00:00:00.000Z', '2026-10-21T10:00:00.000Z'],
		['a date in the future is moved to the arrival', '2027-01-01T00:00:00.000Z', '2026-11-20T10:00:00.000Z'],
		['a minute in the future too', '2026-11-20T10:01:00.000Z', '2026-11-20T10:00:00.000Z']
	])('%s', (_, input, expected) => {
		expect(at(input)).toBe(expected);
	});

	it('never dates an event before the account existed', () => {
		const young = { ...bounds, accountCreatedAt: new Date('2026-11-19T00:00:00Z') };
		expect(clampClientTime(new Date('2026-11-01T00:00:00Z'), young).toISOString()).toBe('2026-11-19T00:00:00.000Z');
	});

	it('dates an unreadable time at its arrival', () => {
		expect(clampClientTime(new Date('nonsense'), bounds).toISOString()).toBe(arrivedAt.toISOString());
	});
});
