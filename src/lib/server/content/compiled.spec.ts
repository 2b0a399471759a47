// Compiles and renders every real lesson through the same preprocessors as the build (vitest runs Vite's plugins).
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { getCourse, listCourses } from '$lib/server/content';
import { loadCourseIntro, loadLesson } from './compiled.ts';

describe('loadLesson', async () => {
	const lessons: (readonly [string, string, number])[] = [];
	for (const course of await listCourses()) {
		for (const lesson of (await getCourse(course.slug))?.lessons ?? [])
			lessons.push([course.slug, lesson.slug, lesson.practiceCount] as const);
	}

	it.each(lessons)('%s/%s compiles and renders', async (courseSlug, lessonSlug, practiceCount) => {
		const component = await loadLesson(courseSlug, lessonSlug);
		expect(component).not.toBeNull();
		const { body } = render(component!);
		expect(body.length).toBeGreaterThan(100);
		// Every practice question renders as a fieldset; nothing of the authoring format is left over.
		expect(body.match(/<fieldset/g)?.length ?? 0).toBe(practiceCount);
		expect(body).not.toMatch(/```|\]\(\d\d-[a-z0-9-]+\.md|<Figure|<Tip|<Audio/);
	});

	it('returns null for what does not exist, and never an exam', async () => {
		const [course] = await listCourses();
		expect(await loadLesson('no-such-course', 'x')).toBeNull();
		if (course) expect(await loadLesson(course.slug, 'exam')).toBeNull();
	});

	it('loads course introductions', async () => {
		for (const course of await listCourses()) {
			const intro = await loadCourseIntro(course.slug);
			expect(intro).not.toBeNull();
			expect(render(intro!).body).not.toContain('资料来源');
		}
	});
});
