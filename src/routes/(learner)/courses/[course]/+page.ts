import { loadCourseIntro } from '$lib/content/lessons';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ data }) => ({ ...data, intro: await loadCourseIntro(data.course.slug) });
