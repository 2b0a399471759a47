// The reference HTML of the shipped lessons, compiled by Svelte (compiled.ts): tests only (render-markdown.spec.ts,
// sanitize.spec.ts, lesson-attacks.spec.ts). Learners' pages get theirs from the database (pages.ts).
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { loadCourseIntro, loadLesson } from './compiled.ts';
import { sanitizeLessonHtml } from './sanitize.ts';

/** A compiled course file rendered to the HTML its page shows, through the allowlist (sanitize.ts). */
export function renderLessonHtml(component: Component): string {
	return sanitizeLessonHtml(render(component).body);
}

/** The lesson's body as HTML, or null when there is no such lesson. */
export async function lessonHtml(courseSlug: string, lessonSlug: string): Promise<string | null> {
	const component = await loadLesson(courseSlug, lessonSlug);
	return component ? renderLessonHtml(component) : null;
}

/** The body of the course's course.md as HTML, or null when it has none. */
export async function courseIntroHtml(courseSlug: string): Promise<string | null> {
	const component = await loadCourseIntro(courseSlug);
	return component ? renderLessonHtml(component) : null;
}
