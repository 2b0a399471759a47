import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guards';
import { posterPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

// A code of another township (or a withdrawn one) is not printed.
export const load: PageServerLoad = async ({ url }) => {
	const poster = await posterPage(requireStaff().townshipId, url.searchParams.get('code'), url.origin);
	if (!poster || poster.revoked) error(404, 'not found');
	return poster;
};
