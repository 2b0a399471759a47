import { requireRole } from '$lib/server/auth/guards';
import type { PageServerLoad } from './$types';

/** The course format guide, for trainers writing in the studio. */
export const load: PageServerLoad = () => {
	requireRole('trainer', 'admin');
};

// The guide is text to read: the page is HTML only, with no script to download on a trainer's phone.
export const csr = false;
