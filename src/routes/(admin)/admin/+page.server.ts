import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { createTownship, createVillage, currentCounty, listTownshipsWithVillages } from '$lib/server/admin/regions';
import { requireRole } from '$lib/server/auth/guards';
import { fieldErrors, formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const region = {
	code: z
		.string()
		.trim()
		.regex(/^\d{6,15}$/, 'error_code_format'),
	name: z.string().trim().min(1, 'error_required').max(40, 'error_too_long')
};
const townshipSchema = z.object(region);
const villageSchema = z.object({ ...region, townshipId: z.coerce.number().int().positive('error_required') });

export const load: PageServerLoad = async () => {
	requireRole('admin');
	return { county: await currentCounty(), townships: await listTownshipsWithVillages() };
};

export const actions: Actions = {
	township: async ({ request }) => {
		const admin = requireRole('admin');
		const values = formValues(await request.formData(), ['code', 'name']);
		const parsed = townshipSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'township', values, errors: fieldErrors(parsed.error) });
		const county = await currentCounty();
		if (!county) return fail(400, { form: 'township', values, errors: { code: 'error_unknown_parent' } });
		const result = await createTownship(admin.id, { countyId: county.id, ...parsed.data });
		if (!result.ok) return fail(400, { form: 'township', values, errors: { [result.field]: result.error } });
		return { saved: 'township' };
	},
	village: async ({ request }) => {
		const admin = requireRole('admin');
		const values = formValues(await request.formData(), ['code', 'name', 'townshipId']);
		const parsed = villageSchema.safeParse(values);
		if (!parsed.success) return fail(400, { form: 'village', values, errors: fieldErrors(parsed.error) });
		const result = await createVillage(admin.id, parsed.data);
		if (!result.ok) return fail(400, { form: 'village', values, errors: { [result.field]: result.error } });
		return { saved: 'village' };
	}
};
