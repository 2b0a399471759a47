import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guards';
import { rosterPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

// Another township's village is not found, the same as no village.
export const load: PageServerLoad = async ({ url }) => {
	const roster = await rosterPage(requireStaff().townshipId, url.searchParams.get('village'));
	if (!roster) error(404, 'not found');
	return roster;
};
