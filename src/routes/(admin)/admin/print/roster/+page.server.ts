import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { rosterPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	requireRole('admin');
	const roster = rosterPage(null, url.searchParams.get('village'));
	if (!roster) error(404, 'not found');
	return roster;
};
