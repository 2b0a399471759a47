import { requireStaff } from '$lib/server/auth/guards';
import { exportResponse, filterFromQuery } from '$lib/server/records/view';
import type { RequestHandler } from './$types';

/** The township's records as CSV or XLSX; staff can only ever export their own township. */
export const GET: RequestHandler = async ({ url }) => {
	const staff = requireStaff();
	return await exportResponse(
		filterFromQuery(staff.townshipId, url.searchParams),
		url.searchParams.get('format'),
		staff.id
	);
};
