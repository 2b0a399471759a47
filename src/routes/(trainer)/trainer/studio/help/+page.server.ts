import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { formatGuide } from '$lib/server/content/shipped';
import type { PageServerLoad } from './$types';

/** The course format (content/README.md), for trainers writing in the studio. */
export const load: PageServerLoad = () => {
	requireRole('trainer', 'admin');
	const guide = formatGuide();
	if (guide === null) error(404, 'Not found');
	return { guide };
};
