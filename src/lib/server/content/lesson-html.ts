// A lesson (or a course's introduction) as HTML for its page's data. Lessons are mostly words, pictures and
// boxes, which need no JavaScript: sending them as HTML keeps the lesson page's script small, makes the
// service worker's precache independent of how many courses there are (a lesson is stored only when its course
// is saved for offline use), and leaves a cheap phone nothing to run to show the text. The practice quizzes
// inside come alive in the browser (see PracticeQuiz's data-questions and the lesson page).
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
