import { getCourse, listCourses, type Category } from '$lib/server/content';
import { startedCourses } from '$lib/server/learning/progress';
import type { PageServerLoad } from './$types';

const CATEGORIES: Category[] = ['farming', 'business', 'internet'];

export const load: PageServerLoad = ({ url, locals }) => {
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 40);
	const category = CATEGORIES.find((c) => c === url.searchParams.get('cat')) ?? null;
	const needle = q.toLowerCase();
	const done = new Map((locals.user ? startedCourses(locals.user.id) : []).map((c) => [c.courseSlug, c.done]));
	const courses = listCourses()
		.filter((c) => !category || c.category === category)
		.filter((c) => {
			if (!needle) return true;
			const lessons = getCourse(c.slug)?.lessons.map((l) => l.title) ?? [];
			return [c.title, c.summary, ...lessons].some((text) => text.toLowerCase().includes(needle));
		})
		.map((c) => ({ ...c, done: Math.min(done.get(c.slug) ?? 0, c.lessonCount) }));
	return { q, category, courses };
};
