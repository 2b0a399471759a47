import { error } from '@sveltejs/kit';
import { loadLesson } from '$lib/content/lessons';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ data }) => {
	const component = await loadLesson(data.course.slug, data.lesson.slug);
	if (!component) error(404, 'not found');
	return { ...data, component };
};
