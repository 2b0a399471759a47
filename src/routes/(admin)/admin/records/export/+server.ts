import { listTownshipsWithVillages } from '$lib/server/admin/regions';
import { requireRole } from '$lib/server/auth/guards';
import { exportResponse, filterFromQuery } from '$lib/server/records/view';
import type { RequestHandler } from './$types';

/** County-wide export, or one township's when `?township=` names one. */
export const GET: RequestHandler = ({ url }) => {
	const admin = requireRole('admin');
	const township = listTownshipsWithVillages().find((t) => t.id === Number(url.searchParams.get('township')));
	return exportResponse(
		filterFromQuery(township?.id ?? null, url.searchParams),
		url.searchParams.get('format'),
		admin.id
	);
};
