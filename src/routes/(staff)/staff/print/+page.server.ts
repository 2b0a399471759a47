import { requireStaff } from '$lib/server/auth/guards';
import { printIndex } from '$lib/server/printing/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => printIndex(requireStaff().townshipId);
