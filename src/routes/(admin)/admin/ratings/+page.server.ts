import { requireRole } from '$lib/server/auth/guards';
import { countyRatings, trainerRatings } from '$lib/server/ratings/county';
import type { PageServerLoad } from './$types';

// Every course's and every trainer's ratings side by side (counts only): the comments stay on each course's
// trainer page.
export const load: PageServerLoad = async () => {
	requireRole('admin');
	const courses = await countyRatings();
	return { courses, trainers: trainerRatings(courses) };
};
