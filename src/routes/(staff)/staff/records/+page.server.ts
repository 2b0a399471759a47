import { requireStaff } from '$lib/server/auth/guards';
import { getTownship } from '$lib/server/db/regions';
import { dashboardData } from '$lib/server/records/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const staff = requireStaff();
	return {
		townshipName: (await getTownship(staff.townshipId))?.name ?? '',
		...(await dashboardData(staff.townshipId))
	};
};
