import { requireRole } from '$lib/server/auth/guards';
import { allTownships, chosenTownship, printIndex } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	requireRole('admin');
	const township = chosenTownship(url.searchParams.get('township'));
	return { township, townships: allTownships(), ...printIndex(township) };
};
