import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { asStaffWithTownship, safeNextPath } from './guards.ts';
import type { SessionUser } from './session.ts';

const origin = 'https://learn.example.cn';

/**
 * Where a browser lands when the path is sent back in a Location header. The path is resolved twice, as
 * the app does (localizeHref resolves it again and returns the pathname), so an unresolved "/./" cannot hide.
 */
const landsOn = (path: string) => new URL(new URL(path, origin).pathname, origin).origin;

describe('safeNextPath', () => {
	it.each([
		['/courses/raising-chickens', '/courses/raising-chickens'],
		['/staff/learners/7?tab=codes#top', '/staff/learners/7?tab=codes#top'],
		['/en/me', '/en/me'],
		['/a/../staff', '/staff']
	])('keeps a path on this site: %s', (next, expected) => {
		expect(safeNextPath(next, origin)).toBe(expected);
	});

	it.each([
		'/.//evil.example',
		'/./\\evil.example',
		'//evil.example',
		'/\\evil.example',
		'/\t/evil.example',
		'/%2e//evil.example',
		'/..//evil.example',
		'https://evil.example/',
		'evil.example',
		'',
		null
	])('refuses a path that leaves the site: %s', (next) => {
		const safe = safeNextPath(next, origin);
		expect(safe).toBeNull();
	});

	it('never returns anything that a browser would resolve to another host', () => {
		const tricks = ['/./', '/.//', '/\\/', '/%09/', '/ /', '/.\\', '/..//'].map((t) => `${t}/evil.example/x`);
		for (const next of tricks) {
			const safe = safeNextPath(next, origin);
			if (safe !== null) expect(landsOn(safe), next).toBe(origin);
		}
	});
});

const staff = {
	id: 7,
	role: 'staff',
	name: '王芳',
	username: 'staff-x',
	householdId: null,
	townshipId: 3,
	mustChangePassword: false,
	locale: 'zh-CN'
} satisfies SessionUser & { role: 'staff' };

describe('asStaffWithTownship', () => {
	it('passes a staff member with a township through, township and all', () => {
		expect(asStaffWithTownship(staff)).toEqual(staff);
		expect(asStaffWithTownship(staff).townshipId).toBe(3);
	});

	it('refuses a staff account without a township with 403 rather than a crash further on', () => {
		let thrown: unknown;
		try {
			asStaffWithTownship({ ...staff, townshipId: null });
		} catch (e) {
			thrown = e;
		}
		expect(isHttpError(thrown, 403)).toBe(true);
	});
});
