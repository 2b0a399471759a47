import { requireRole } from '$lib/server/auth/guards';
import { allTownships, chosenTownship, printIndex } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	const township = await chosenTownship(url.searchParams.get('township'));
	return { township, townships: await allTownships(), ...(await printIndex(township)) };
};
