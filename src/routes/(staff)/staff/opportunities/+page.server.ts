import { loadList, staffPoster } from '$lib/server/opportunities/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => loadList(staffPoster());
