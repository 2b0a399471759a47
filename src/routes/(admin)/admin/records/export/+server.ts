import { requireRole } from '$lib/server/auth/guards';
import { adminRecordsScope } from '$lib/server/records/admin-scope';
import { exportResponse, filterFromQuery } from '$lib/server/records/view';
import type { RequestHandler } from './$types';

/** The county's export, or one township's when `?township=` names one (`?county=` in a province's database). */
export const GET: RequestHandler = async ({ url }) => {
	const admin = requireRole('admin');
	const { scope } = await adminRecordsScope(url.searchParams);
	return exportResponse(filterFromQuery(scope, url.searchParams), url.searchParams.get('format'), admin.id);
};
