import { requireRole } from '$lib/server/auth/guards';
import { adminRecordsScope } from '$lib/server/records/admin-scope';
import { dashboardData } from '$lib/server/records/view';
import type { PageServerLoad } from './$types';

/** The county view, or one township's (admins see every township; in a province's database, one county's). */
export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	const { scope, ...choice } = await adminRecordsScope(url.searchParams);
	return { ...choice, ...(await dashboardData(scope)) };
};
