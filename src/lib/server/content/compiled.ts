// The reference for the run-time renderer, used by tests only: the shipped lessons and course introductions
// compiled by Svelte itself (the preprocessors of svelte.config.js, then mdsvex), as the build did before courses
// became data. render-markdown.spec.ts proves the renderer gives the same HTML for every one of them. The app never
// imports this (its lessons come from the database, pages.ts), so nothing here is bundled.
// exam.md is deliberately outside both globs: its answers must never be compiled at all.
import type { Component } from 'svelte';

type Module = { default: Component };

const lessons = import.meta.glob<Module>('/content/courses/*/[0-9][0-9]-*.md');
const intros = import.meta.glob<Module>('/content/courses/*/course.md');

/** The folder of the course whose slug (folder name without its number) is courseSlug. */
function findKey(keys: string[], courseSlug: string, file: (name: string) => boolean): string | undefined {
	return keys.find((key) => {
		const [, , , folder, name] = key.split('/');
		return folder.replace(/^\d{2}-/, '') === courseSlug && file(name);
	});
}

/**
 * The compiled component of a lesson, or null when there is no such lesson.
 * @param courseSlug e.g. 'raising-chickens'
 * @param lessonSlug e.g. 'vaccination' (file 03-vaccination.md)
 */
export async function loadLesson(courseSlug: string, lessonSlug: string): Promise<Component | null> {
	const key = findKey(Object.keys(lessons), courseSlug, (name) => name.replace(/^\d{2}-/, '') === `${lessonSlug}.md`);
	return key ? (await lessons[key]()).default : null;
}

/** The compiled introduction of a course (the body of course.md), or null. */
export async function loadCourseIntro(courseSlug: string): Promise<Component | null> {
	const key = findKey(Object.keys(intros), courseSlug, () => true);
	return key ? (await intros[key]()).default : null;
}
