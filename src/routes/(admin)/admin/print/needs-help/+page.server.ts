import { requireRole } from '$lib/server/auth/guards';
import { chosenTownship, needsHelpPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	return needsHelpPage(await chosenTownship(url.searchParams.get('township')));
};
