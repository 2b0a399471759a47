import { requireStaff } from '$lib/server/auth/guards';
import { getTownship, villagesOf } from '$lib/server/db/regions';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const staff = requireStaff();
	return { township: getTownship(staff.townshipId), villages: villagesOf(staff.townshipId) };
};
