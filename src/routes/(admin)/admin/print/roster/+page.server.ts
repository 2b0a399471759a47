import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { rosterPage } from '$lib/server/printing/pages';
import { adminRecordsScope } from '$lib/server/records/admin-scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	// A village of another county than the one chosen is not found, as on the records page.
	const roster = await rosterPage((await adminRecordsScope(url.searchParams)).scope, url.searchParams.get('village'));
	if (!roster) error(404, 'not found');
	return roster;
};
