import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { rosterPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	const roster = await rosterPage(null, url.searchParams.get('village'));
	if (!roster) error(404, 'not found');
	return roster;
};
