import { error, fail } from '@sveltejs/kit';
import { listTownshipsWithVillages } from '$lib/server/admin/regions';
import { requireRole } from '$lib/server/auth/guards';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/records/tokens';
import { hasForbiddenCharacter, NAME_CHARACTERS_ERROR, normaliseName } from '$lib/server/text/names';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';

export const load: PageServerLoad = async () => {
	requireRole('admin');
	return {
		tokens: await listApiTokens(),
		townships: (await listTownshipsWithVillages()).map((t) => ({ id: t.id, name: t.name }))
	};
};

export const actions: Actions = {
	create: async ({ request }) => {
		const admin = requireRole('admin');
		const form = await request.formData();
		const name = normaliseName(String(form.get('name') ?? '')).slice(0, 80);
		const townshipId = parseId(form.get('townshipId'));
		if (!name) return fail(400, { errors: { name: 'error_required' } });
		if (hasForbiddenCharacter(name)) return fail(400, { errors: { name: NAME_CHARACTERS_ERROR } });
		if (townshipId === null || !(await listTownshipsWithVillages()).some((t) => t.id === townshipId))
			return fail(400, { errors: { townshipId: 'error_required' } });
		return { created: (await createApiToken(admin.id, townshipId, name)).token };
	},
	revoke: async ({ request }) => {
		const admin = requireRole('admin');
		const id = parseId((await request.formData()).get('id'));
		if (id === null || !(await revokeApiToken(admin.id, id))) error(404, 'not found');
		return { revoked: true };
	}
};
