import { describe, expect, it } from 'vitest';
import { interestNow, qualification, stillOpen } from './match.ts';

const cert = (courseSlug: string, revokedAt: string | null = null) => ({ courseSlug, revokedAt });

describe('qualification', () => {
	const cases: [string, string[], ReturnType<typeof cert>[], { qualifies: boolean; missing: string[] }][] = [
		['asks for nothing: open to all', [], [], { qualifies: true, missing: [] }],
		['holds the one asked', ['raising-chickens'], [cert('raising-chickens')], { qualifies: true, missing: [] }],
		['holds none', ['raising-chickens'], [], { qualifies: false, missing: ['raising-chickens'] }],
		['holds another', ['raising-chickens'], [cert('online-shop')], { qualifies: false, missing: ['raising-chickens'] }],
		[
			'revoked counts as not held',
			['raising-chickens'],
			[cert('raising-chickens', '2026-01-01')],
			{ qualifies: false, missing: ['raising-chickens'] }
		],
		['holds one of two', ['a', 'b'], [cert('b')], { qualifies: false, missing: ['a'] }],
		['holds both of two, and more', ['a', 'b'], [cert('c'), cert('b'), cert('a')], { qualifies: true, missing: [] }],
		['missing keep the order asked', ['b', 'a'], [], { qualifies: false, missing: ['b', 'a'] }]
	];
	it.each(cases)('%s', (_, required, held, expected) => {
		expect(qualification(required, held)).toEqual(expected);
	});
});

describe('stillOpen', () => {
	it.each([
		['2026-06-30', '2026-06-29', true],
		['2026-06-30', '2026-06-30', true],
		['2026-06-30', '2026-07-01', false],
		['2026-12-31', '2027-01-01', false]
	])('expires %s, today %s: %s', (expiresOn, today, open) => {
		expect(stillOpen(expiresOn, today)).toBe(open);
	});
});

describe('interestNow', () => {
	const event = (opportunityId: number, interested: boolean, clientAt: string) => ({
		id: `${opportunityId}-${clientAt}`,
		userId: 1,
		kind: 'interest' as const,
		clientAt,
		payload: { opportunityId, interested }
	});
	const lesson = { kind: 'lesson_completed', clientAt: '2026-06-02T00:00:00Z' };
	it.each([
		['nothing waiting: the server says', false, [], false],
		['nothing waiting: the server says yes', true, [lesson], true],
		['a waiting tap wins over the server', false, [event(7, true, '2026-06-01T00:00:00Z')], true],
		['a waiting withdrawal wins', true, [event(7, false, '2026-06-01T00:00:00Z')], false],
		[
			'the latest waiting tap wins',
			false,
			[event(7, false, '2026-06-02T00:00:00Z'), event(7, true, '2026-06-01T00:00:00Z')],
			false
		],
		['another opportunity does not count', false, [event(8, true, '2026-06-01T00:00:00Z')], false]
	])('%s', (_, fromServer, pending, expected) => {
		expect(interestNow(7, fromServer, pending)).toBe(expected);
	});
});
