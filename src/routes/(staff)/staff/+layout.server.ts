import { requireStaff } from '$lib/server/auth/guards';
import { getTownship, villagesOf } from '$lib/server/db/regions';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async () => {
	const staff = requireStaff();
	return { township: await getTownship(staff.townshipId), villages: await villagesOf(staff.townshipId) };
};
