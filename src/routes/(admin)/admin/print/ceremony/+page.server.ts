import { requireRole } from '$lib/server/auth/guards';
import { ceremonyPage, chosenTownship } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	return ceremonyPage(await chosenTownship(url.searchParams.get('township')), url.searchParams.get('month'));
};
