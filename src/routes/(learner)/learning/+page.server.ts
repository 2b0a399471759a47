import { getCourse, listCourses } from '$lib/server/content';
import type { PageServerLoad } from './$types';

// Every course, the same for everyone: which of them this learner started is known on the phone (the
// progress store), never from this page's data, which the service worker may keep.
export const load: PageServerLoad = async () => ({
	courses: await Promise.all(
		(await listCourses()).map(async (c) => ({
			...c,
			lessonSlugs: (await getCourse(c.slug))?.lessons.map((l) => l.slug) ?? []
		}))
	)
});
