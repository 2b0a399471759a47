import { requireStaff } from '$lib/server/auth/guards';
import { ceremonyPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ceremonyPage(requireStaff().townshipId, url.searchParams.get('month'));
