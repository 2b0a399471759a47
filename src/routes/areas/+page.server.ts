import { listAreas } from '$lib/server/db/regions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ areas: await listAreas() });
