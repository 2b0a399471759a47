import { requireStaff } from '$lib/server/auth/guards';
import { getTownship } from '$lib/server/db/regions';
import { dashboardData } from '$lib/server/records/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const staff = requireStaff();
	return {
		townshipName: getTownship(staff.townshipId)?.name ?? '',
		...dashboardData(staff.townshipId)
	};
};
