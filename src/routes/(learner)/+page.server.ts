import { getCourse, listCourses, type Category } from '$lib/server/content';
import type { PageServerLoad } from './$types';

const CATEGORIES: Category[] = ['farming', 'business', 'internet'];

// The same for everyone (the service worker stores it): a learner's progress is drawn on it by the phone.
export const load: PageServerLoad = async ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 40);
	const category = CATEGORIES.find((c) => c === url.searchParams.get('cat')) ?? null;
	const needle = q.toLowerCase();
	const courses = [];
	for (const c of await listCourses()) {
		if (category && c.category !== category) continue;
		const lessons = (await getCourse(c.slug))?.lessons ?? [];
		const titles = lessons.map((l) => l.title);
		if (needle && ![c.title, c.summary, ...titles].some((text) => text.toLowerCase().includes(needle))) continue;
		courses.push({ ...c, lessonSlugs: lessons.map((l) => l.slug) });
	}
	return { q, category, courses };
};
