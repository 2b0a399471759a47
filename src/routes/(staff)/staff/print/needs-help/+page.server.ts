import { requireStaff } from '$lib/server/auth/guards';
import { needsHelpPage } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => needsHelpPage(requireStaff().townshipId);
