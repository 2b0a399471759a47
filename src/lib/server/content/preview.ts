// The studio's editor: one file of a draft checked and shown as learners would get it, as the trainer types.
import { audioFileProblems } from './audio-files.ts';
import { courseMarkdown, isMarkdown } from './folder-files.ts';
import type { FileProblem } from '../../content/problems.js';
import { parseCourseFolder } from './folder.ts';
import { fileList, readFiles, type CourseVersionRow } from './library.ts';
import { isPageFile } from './pages.ts';
import { renderProblem } from './render-failure.ts';
import { renderCourseMarkdown, type MediaFile } from './render-markdown.ts';

const PICTURE = /\.(svg|png|jpe?g|webp)$/i;

/** Where the studio serves a draft's pictures and recordings (trainers only). */
export const draftMediaUrl = (sha256: string, name: string) =>
	`/trainer/studio/media/${sha256}/${encodeURIComponent(name)}`;

/**
 * The problems of one file of a draft with `text` in place of what is stored, and the file as HTML: null for the
 * exam (never shown as a page) or a file that cannot be rendered. A file with problems is still shown when it can
 * be, as the checker's words make more sense beside it.
 */
export async function previewFile(
	draft: CourseVersionRow,
	file: string,
	text: string
): Promise<{ problems: FileProblem[]; html: string | null }> {
	const list = await fileList(draft.id);
	const stored = await readFiles(
		draft.id,
		list.filter((f) => isMarkdown(f.name) || PICTURE.test(f.name)).map((f) => f.name)
	);
	const files = { ...stored, [file]: new TextEncoder().encode(text) };
	const markdown = courseMarkdown(files);
	const mediaNames = list.filter((f) => !isMarkdown(f.name)).map((f) => f.name);
	const problems = parseCourseFolder(draft.folder, markdown, mediaNames).problems.filter((p) => p.file === file);
	const recordings = await readFiles(
		draft.id,
		mediaNames.filter((n) => !PICTURE.test(n))
	);
	problems.push(...audioFileProblems({ [file]: text }, (name) => recordings[name] ?? null));
	if (!isPageFile(file)) return { problems, html: null };
	const media: Record<string, MediaFile> = {};
	for (const f of list)
		if (!isMarkdown(f.name)) media[f.name] = { url: draftMediaUrl(f.sha256, f.name), bytes: stored[f.name] };
	try {
		return { problems, html: await renderCourseMarkdown(text, { folder: draft.folder, file, media }) };
	} catch (caught) {
		// A file the checker already faults may fail to render for the same reason: its problems say enough.
		if (problems.length === 0) problems.push({ file, ...renderProblem(caught) });
		return { problems, html: null };
	}
}
