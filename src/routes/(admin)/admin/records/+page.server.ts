import { listTownshipsWithVillages } from '$lib/server/admin/regions';
import { requireRole } from '$lib/server/auth/guards';
import { dashboardData } from '$lib/server/records/view';
import type { PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';

/** The county view, or one township's (admins see every township). */
export const load: PageServerLoad = async ({ url }) => {
	requireRole('admin');
	const townships = (await listTownshipsWithVillages()).map((t) => ({ id: t.id, name: t.name }));
	const id = parseId(url.searchParams.get('township'));
	const chosen = townships.find((t) => t.id === id) ?? null;
	return { townships, chosen, ...(await dashboardData(chosen?.id ?? null)) };
};
