import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newEventId } from './event-id';

describe('newEventId', () => {
	it('is a version 7 UUID that the server accepts', () => {
		const id = newEventId();
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(z.uuid().safeParse(id).success).toBe(true);
	});

	it('starts with the time in milliseconds, so ids made later sort after', () => {
		const at = Date.UTC(2026, 10, 30, 20, 0, 0, 123);
		expect(newEventId(at).replace('-', '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
		const ids = [at, at + 1, at + 60_000, at + 86_400_000].map((t) => newEventId(t));
		expect([...ids].sort()).toEqual(ids);
	});

	it('never repeats, even within one millisecond', () => {
		const at = Date.now();
		const ids = new Set(Array.from({ length: 10_000 }, () => newEventId(at)));
		expect(ids.size).toBe(10_000);
	});

	it('keeps a clock that is far off inside the 48 bits', () => {
		expect(newEventId(-5).slice(0, 13)).toBe('00000000-0000');
		expect(newEventId(2 ** 60).slice(0, 13)).toBe('ffffffff-ffff');
	});
});
