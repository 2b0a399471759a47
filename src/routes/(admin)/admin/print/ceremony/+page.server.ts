import { requireRole } from '$lib/server/auth/guards';
import { ceremonyPage } from '$lib/server/printing/pages';
import { adminRecordsScope } from '$lib/server/records/admin-scope';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	const { scope, county, chosen } = await adminRecordsScope(url.searchParams);
	// The place printed: the township chosen, else the county by name where the database holds several.
	return {
		...(await ceremonyPage(scope, url.searchParams.get('month'))),
		township: chosen?.name ?? county?.name ?? null
	};
};
