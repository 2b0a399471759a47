// Checking a draft as the build checks a folder, and publishing it: only a draft without a problem is published,
// its pages are rendered once, and every server process sees the new version within a second (store.ts).
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { audioFileProblems } from './audio-files.ts';
import type { DraftError } from './drafts.ts';
import { courseMarkdown, folderMediaUrls, isMarkdown } from './folder-files.ts';
import type { FileProblem } from '../../content/problems.js';
import { parseCourseFolder } from './folder.ts';
import { bumpGeneration, findVersion, liveVersions, markPublished, readFiles, type FolderFiles } from './library.ts';
import { isPageFile, keepPages, renderVersion } from './pages.ts';
import { renderProblem } from './render-failure.ts';
import { renderCourseMarkdown, type MediaFile } from './render-markdown.ts';
import { invalidateContentIndex } from './store.ts';
import { courseVersion } from './version.ts';
import { eq } from 'drizzle-orm';
import { courseVersions } from '../db/schema.ts';

/** What a course may weigh on a phone before the studio warns: every saved course takes room and data. */
export const COURSE_PHONE_BUDGET_BYTES = 3 * 1024 * 1024;

const ON_PHONE = /\.(md|svg|png|jpe?g|webp|mp3|m4a|ogg)$/i;

/**
 * Bytes a phone stores when it saves the course: the pages and their pictures and recordings; not the exam (its
 * questions come in a ticket) nor files that are never served (a NOTICE.txt).
 */
export const phoneBytes = (sizes: { name: string; size: number }[]) =>
	sizes.filter((f) => f.name !== 'exam.md' && ON_PHONE.test(f.name)).reduce((sum, f) => sum + f.size, 0);

/**
 * Every problem of a course's files, sorted by file and line: the format (folder.ts), the recordings' bytes, and
 * whether each page renders (the same renderer learners' pages come from).
 * @param folder the course's folder name ('04-growing-tea')
 */
export async function checkCourseFiles(folder: string, files: FolderFiles): Promise<FileProblem[]> {
	const markdown = courseMarkdown(files);
	const { problems } = parseCourseFolder(
		folder,
		markdown,
		Object.keys(files).filter((n) => !isMarkdown(n))
	);
	problems.push(...audioFileProblems(markdown, (name) => files[name] ?? null));
	const broken = new Set(problems.map((p) => p.file));
	const media: Record<string, MediaFile> = {};
	for (const [name, bytes] of Object.entries(files)) if (!isMarkdown(name)) media[name] = { url: name, bytes };
	for (const [file, source] of Object.entries(markdown)) {
		if (!isPageFile(file) || broken.has(file)) continue;
		try {
			await renderCourseMarkdown(source, { folder, file, media });
		} catch (caught) {
			problems.push({ file, ...renderProblem(caught) });
		}
	}
	return problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

export type PublishResult =
	| { ok: true; number: number; contentVersion: string }
	| { ok: false; error: DraftError | 'problems'; problems?: FileProblem[] };

/** Publishes a draft at `revision` when the checker finds nothing; its pages are rendered before it goes live. */
export async function publishDraft(versionId: number, revision: number, actorId: number): Promise<PublishResult> {
	const draft = await findVersion(versionId);
	if (!draft) return { ok: false, error: 'missing' };
	if (draft.status !== 'draft') return { ok: false, error: 'not_draft' };
	if (draft.revision !== revision) return { ok: false, error: 'conflict' };
	const files = await readFiles(versionId);
	const problems = await checkCourseFiles(draft.folder, files);
	if (problems.length > 0) return { ok: false, error: 'problems', problems };
	const html = await renderVersion(versionId);
	const contentVersion = courseVersion(courseMarkdown(files), await folderMediaUrls(db, versionId));
	const published = await writeTransaction(async (tx) => {
		// The draft may have changed while its pages were rendered: then what was checked is not what it holds.
		const now = await findVersion(versionId, tx);
		if (now?.status !== 'draft' || now.revision !== revision) return false;
		await markPublished(tx, versionId, contentVersion, actorId);
		await keepPages(versionId, html, tx);
		await audit(
			{
				actorId,
				action: 'course.publish',
				targetType: 'course',
				targetId: draft.courseSlug,
				detail: { version: draft.number, contentVersion }
			},
			tx
		);
		await bumpGeneration(tx);
		return true;
	});
	if (!published) return { ok: false, error: 'conflict' };
	invalidateContentIndex();
	await rememberExamVersion(draft.courseSlug);
	return { ok: true, number: draft.number, contentVersion };
}

/** Takes a course off the catalogue (its live version becomes withdrawn); publish a draft to bring it back. */
export async function withdrawCourse(courseSlug: string, actorId: number): Promise<boolean> {
	const withdrawn = await writeTransaction(async (tx) => {
		const live = (await liveVersions(tx)).find((v) => v.courseSlug === courseSlug);
		if (!live) return false;
		await tx
			.update(courseVersions)
			.set({ status: 'withdrawn', updatedAt: new Date() })
			.where(eq(courseVersions.id, live.id));
		await audit(
			{
				actorId,
				action: 'course.withdraw',
				targetType: 'course',
				targetId: courseSlug,
				detail: { version: live.number }
			},
			tx
		);
		await bumpGeneration(tx);
		return true;
	});
	if (withdrawn) invalidateContentIndex();
	return withdrawn;
}
