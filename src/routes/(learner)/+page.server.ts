import { getCourse, listCourses, type Category } from '$lib/server/content';
import type { PageServerLoad } from './$types';

const CATEGORIES: Category[] = ['farming', 'business', 'internet'];

// The same for everyone (the service worker stores it): a learner's progress is drawn on it by the phone.
export const load: PageServerLoad = ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 40);
	const category = CATEGORIES.find((c) => c === url.searchParams.get('cat')) ?? null;
	const needle = q.toLowerCase();
	const courses = listCourses()
		.filter((c) => !category || c.category === category)
		.filter((c) => {
			if (!needle) return true;
			const lessons = getCourse(c.slug)?.lessons.map((l) => l.title) ?? [];
			return [c.title, c.summary, ...lessons].some((text) => text.toLowerCase().includes(needle));
		})
		.map((c) => ({ ...c, lessonSlugs: getCourse(c.slug)?.lessons.map((l) => l.slug) ?? [] }));
	return { q, category, courses };
};
