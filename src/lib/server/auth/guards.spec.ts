import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { asStaffWithTownship } from './guards.ts';
import type { SessionUser } from './session.ts';

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
