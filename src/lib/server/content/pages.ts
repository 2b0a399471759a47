// Lessons and course introductions as HTML for their pages' data. Lessons are mostly words, pictures and boxes,
// which need no JavaScript: sending them as HTML keeps the lesson page's script small, makes the service worker's
// precache independent of how many courses there are, and leaves a cheap phone nothing to run to show the text.
// The practice quizzes inside come alive in the browser (see PracticeQuiz's data-questions and the lesson page).
//
// A version's lessons and introduction as HTML, rendered by render-markdown.ts (no code runs from a course) and
// kept in course_pages: rendered once when the version is published, or on first request for a version that was
// imported without rendering (the shipped courses at first start, a test's database).
import { and, eq } from 'drizzle-orm';
import { db, type Executor } from '../db/index.ts';
import { coursePages } from '../db/schema.ts';
import { LESSON_FILE_RE } from '../../content/format.js';
import { isMarkdown } from './folder-files.ts';
import { fileList, findVersion, mediaUrl, readFiles } from './library.ts';
import { renderCourseMarkdown, type MediaFile } from './render-markdown.ts';
import { findCourse, liveVersionId } from './store.ts';
import { first } from '../db/dialect.ts';

const PICTURE = /\.(svg|png|jpe?g|webp)$/i;
const decoder = new TextDecoder();

/** Whether a file of a course becomes a page: course.md and the lessons (never exam.md). */
export const isPageFile = (name: string) => name === 'course.md' || LESSON_FILE_RE.test(name);

/** Renders some files of a version (all its pages by default) from its stored files: file name → HTML. */
export async function renderVersion(
	versionId: number,
	only?: string[],
	target: Executor = db
): Promise<Record<string, string>> {
	const version = await findVersion(versionId, target);
	if (!version) throw new Error(`no course version ${versionId}`);
	const list = await fileList(versionId, target);
	const pictures = await readFiles(
		versionId,
		list.filter((f) => PICTURE.test(f.name)).map((f) => f.name),
		target
	);
	const media: Record<string, MediaFile> = {};
	for (const f of list) {
		if (!isMarkdown(f.name)) media[f.name] = { url: mediaUrl(f.sha256, f.name), bytes: pictures[f.name] };
	}
	const names = (only ?? list.map((f) => f.name)).filter(isPageFile);
	const sources = await readFiles(versionId, names, target);
	const html: Record<string, string> = {};
	for (const [file, bytes] of Object.entries(sources)) {
		html[file] = await renderCourseMarkdown(decoder.decode(bytes), { folder: version.folder, file, media });
	}
	return html;
}

/** Keeps rendered pages of a version (a page already kept stays as it is: a version never changes). */
export async function keepPages(versionId: number, html: Record<string, string>, target: Executor = db): Promise<void> {
	for (const [file, page] of Object.entries(html)) {
		await target.insert(coursePages).values({ versionId, file, html: page }).onConflictDoNothing();
	}
}

/** One page of a version as HTML: kept, or rendered now and kept. Null when the version has no such file. */
export async function versionPage(versionId: number, file: string): Promise<string | null> {
	const kept = await first(
		db
			.select({ html: coursePages.html })
			.from(coursePages)
			.where(and(eq(coursePages.versionId, versionId), eq(coursePages.file, file)))
	);
	if (kept) return kept.html;
	const html = await renderVersion(versionId, [file]);
	if (html[file] === undefined) return null;
	await keepPages(versionId, html);
	return html[file];
}

/** A lesson's body as HTML (of the course's live version), or null when there is no such lesson. */
export async function lessonHtml(courseSlug: string, lessonSlug: string): Promise<string | null> {
	const lesson = (await findCourse(courseSlug))?.lessons.find((l) => l.slug === lessonSlug);
	const versionId = await liveVersionId(courseSlug);
	return lesson && versionId ? await versionPage(versionId, lesson.file) : null;
}

/** The body of the course's course.md as HTML, or null when there is no such course. */
export async function courseIntroHtml(courseSlug: string): Promise<string | null> {
	const versionId = await liveVersionId(courseSlug);
	return versionId ? await versionPage(versionId, 'course.md') : null;
}
