import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/server/auth/guards';
import { createEnrolmentCode, listEnrolmentCodes, revokeEnrolmentCode } from '$lib/server/enrolment/codes';
import { fieldErrors, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';

const schema = z.object({
	villageId: z.coerce.number().int().positive('error_required'),
	days: z.coerce.number().int('staff_code_days_range').min(1, 'staff_code_days_range').max(90, 'staff_code_days_range'),
	maxUses: z.coerce
		.number()
		.int('staff_code_uses_range')
		.min(1, 'staff_code_uses_range')
		.max(500, 'staff_code_uses_range')
});

export const load: PageServerLoad = async () => {
	const staff = requireStaff();
	return { codes: await listEnrolmentCodes(staff.townshipId), now: Date.now() };
};

export const actions: Actions = {
	create: async ({ request }) => {
		const staff = requireStaff();
		const values = formValues(await request.formData(), ['villageId', 'days', 'maxUses']);
		const parsed = schema.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.error) });
		const created = await createEnrolmentCode({ id: staff.id, townshipId: staff.townshipId }, parsed.data);
		if (!created) return fail(400, { values, errors: { villageId: 'enrol_village_not_found' } });
		return { created };
	},
	revoke: async ({ request }) => {
		const staff = requireStaff();
		const id = parseId((await request.formData()).get('id'));
		if (id === null || !(await revokeEnrolmentCode({ id: staff.id, townshipId: staff.townshipId }, id))) {
			error(404, 'not found');
		}
		return { revoked: true };
	}
};
