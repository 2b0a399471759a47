import { listTownshipsWithVillages } from '$lib/server/admin/regions';
import { requireRole } from '$lib/server/auth/guards';
import { exportResponse, filterFromQuery } from '$lib/server/records/view';
import type { RequestHandler } from './$types';
import { parseId } from '$lib/server/params';

/** County-wide export, or one township's when `?township=` names one. */
export const GET: RequestHandler = async ({ url }) => {
	const admin = requireRole('admin');
	const id = parseId(url.searchParams.get('township'));
	const township = (await listTownshipsWithVillages()).find((t) => t.id === id);
	return exportResponse(
		filterFromQuery(township?.id ?? null, url.searchParams),
		url.searchParams.get('format'),
		admin.id
	);
};
