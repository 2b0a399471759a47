import { requireRole } from '$lib/server/auth/guards';
import { printIndex } from '$lib/server/printing/pages';
import { adminRecordsScope } from '$lib/server/records/admin-scope';
import type { PageServerLoad } from './$types';

/** The printouts of the whole county or one township; in a province's database, of one county (`?county=`). */
export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	const { scope, counties, county, townships, chosen } = await adminRecordsScope(url.searchParams);
	return {
		counties,
		county: county?.id ?? null,
		townships,
		township: chosen?.id ?? null,
		...(await printIndex(scope))
	};
};
