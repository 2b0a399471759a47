// A trainer's draft of a course: made from the live version (or an earlier one), changed file by file. Every
// change names the draft's revision it began from; when another trainer changed the draft since, the change is
// refused (and the page shows theirs), so no one's work is overwritten silently.
import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db, writeTransaction, type Tx } from '../db/index.ts';
import { courseFiles, courseVersions } from '../db/schema.ts';
import { COURSE_FOLDER_RE, LESSON_FILE_RE } from '../../content/names.js';
import {
	copyFiles,
	createVersion,
	draftOf,
	findVersion,
	putBlob,
	versionsOf,
	type CourseVersionRow
} from './library.ts';
import { first } from '../db/dialect.ts';

export type DraftError =
	'no_course' | 'not_draft' | 'conflict' | 'draft_exists' | 'exists' | 'bad_name' | 'missing' | 'too_big';
export type DraftResult = { ok: true; revision: number } | { ok: false; error: DraftError; revision?: number };

/** A new draft holding a version's files (their blobs shared, originals kept); returns its id. */
async function draftFrom(tx: Tx, version: CourseVersionRow, actorId: number): Promise<number> {
	const { courseSlug, folder } = version;
	const id = await createVersion(tx, { courseSlug, folder, status: 'draft', files: {}, actorId, basedOn: version.id });
	await copyFiles(tx, version.id, id);
	return id;
}

/** The course's draft: the one there is, or a new one made from its latest version. */
export async function openDraft(courseSlug: string, actorId: number): Promise<CourseVersionRow | null> {
	return await writeTransaction(async (tx) => {
		const draft = await draftOf(courseSlug, tx);
		if (draft) return draft;
		const [latest] = await versionsOf(courseSlug, tx);
		if (!latest) return null;
		return (await findVersion(await draftFrom(tx, latest, actorId), tx)) ?? null;
	});
}

/** A new draft with an earlier version's files; refused while the course has a draft. */
export async function restoreAsDraft(courseSlug: string, versionId: number, actorId: number): Promise<DraftResult> {
	return await writeTransaction(async (tx) => {
		const version = await findVersion(versionId, tx);
		if (!version || version.courseSlug !== courseSlug) return { ok: false, error: 'missing' };
		if (await draftOf(version.courseSlug, tx)) return { ok: false, error: 'draft_exists' };
		await draftFrom(tx, version, actorId);
		await audit(
			{
				actorId,
				action: 'course.restore',
				targetType: 'course',
				targetId: courseSlug,
				detail: { version: version.number }
			},
			tx
		);
		return { ok: true, revision: 1 };
	});
}

/**
 * Throws a draft away (its files stay only in the versions that share them). A course that was never published
 * goes with it. Refused when the draft changed since the trainer saw it at `revision`.
 */
export async function discardDraft(courseSlug: string, revision: number, actorId: number): Promise<DraftResult> {
	return await writeTransaction(async (tx) => {
		const draft = await draftOf(courseSlug, tx);
		if (!draft) return { ok: false, error: 'missing' };
		if (draft.revision !== revision) return { ok: false, error: 'conflict', revision: draft.revision };
		await tx.delete(courseVersions).where(eq(courseVersions.id, draft.id));
		await audit(
			{
				actorId,
				action: 'course.discard',
				targetType: 'course',
				targetId: courseSlug,
				detail: { version: draft.number }
			},
			tx
		);
		return { ok: true, revision: 0 };
	});
}

/** A new course: its folder (number and slug) and its first files, as a draft. */
export async function createCourse(
	folder: string,
	files: Record<string, Uint8Array>,
	actorId: number
): Promise<DraftResult> {
	const slug = COURSE_FOLDER_RE.exec(folder)?.[2];
	if (!slug) return { ok: false, error: 'bad_name' };
	return await writeTransaction(async (tx) => {
		if ((await versionsOf(slug, tx)).length > 0) return { ok: false, error: 'exists' };
		await createVersion(tx, { courseSlug: slug, folder, status: 'draft', files, actorId });
		await audit({ actorId, action: 'course.create', targetType: 'course', targetId: slug }, tx);
		return { ok: true, revision: 1 };
	});
}

/**
 * Runs one change on a draft when it is still at `revision`, then moves it to the next revision.
 * @param change returns an error to refuse the change (nothing is written then)
 */
export async function changeDraft(
	versionId: number,
	revision: number,
	actorId: number,
	change: (tx: Tx, draft: CourseVersionRow) => Promise<DraftError | void>
): Promise<DraftResult> {
	try {
		return await writeTransaction(async (tx): Promise<DraftResult> => {
			const draft = await findVersion(versionId, tx);
			if (!draft) return { ok: false, error: 'missing' };
			if (draft.status !== 'draft') return { ok: false, error: 'not_draft' };
			if (draft.revision !== revision) return { ok: false, error: 'conflict', revision: draft.revision };
			const error = await change(tx, draft);
			// Thrown, so the transaction takes back whatever the change had written before it refused.
			if (error) throw new Refused(error);
			await tx
				.update(courseVersions)
				.set({ revision: sql`${courseVersions.revision} + 1`, updatedAt: new Date(), updatedBy: actorId })
				.where(eq(courseVersions.id, versionId));
			return { ok: true, revision: draft.revision + 1 };
		});
	} catch (caught) {
		if (caught instanceof Refused) return { ok: false, error: caught.code };
		throw caught;
	}
}

class Refused extends Error {
	constructor(readonly code: DraftError) {
		super(code);
	}
}

/** Writes (or adds) one file of a draft, with the original it was made from (a picture made small for phones). */
export async function putFile(
	tx: Tx,
	versionId: number,
	name: string,
	bytes: Uint8Array,
	original?: Uint8Array
): Promise<void> {
	const sha256 = await putBlob(tx, bytes);
	const originalSha256 = original ? await putBlob(tx, original) : null;
	await tx
		.insert(courseFiles)
		.values({ versionId, name, sha256, originalSha256 })
		.onConflictDoUpdate({ target: [courseFiles.versionId, courseFiles.name], set: { sha256, originalSha256 } });
}

/** Whether a draft has a file of that name. */
export async function hasFile(tx: Tx, versionId: number, name: string): Promise<boolean> {
	return !!(await first(
		tx
			.select({ name: courseFiles.name })
			.from(courseFiles)
			.where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, name)))
	));
}

/** Removes one file of a draft. */
export async function removeFile(tx: Tx, versionId: number, name: string): Promise<void> {
	await tx.delete(courseFiles).where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, name)));
}

/** Renames one file of a draft (a lesson's number or slug). */
export async function renameFile(tx: Tx, versionId: number, from: string, to: string): Promise<void> {
	await tx
		.update(courseFiles)
		.set({ name: to })
		.where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, from)));
}

/** The lesson files of a draft in order. */
export async function lessonFiles(versionId: number): Promise<string[]> {
	return (await db.select({ name: courseFiles.name }).from(courseFiles).where(eq(courseFiles.versionId, versionId)))
		.map((r) => r.name)
		.filter((name) => LESSON_FILE_RE.test(name))
		.sort();
}

/**
 * A course folder from outside (an archive) as a draft: a new course, or the next version of the course with its
 * slug when that course has no draft now.
 */
export async function importAsDraft(
	folder: string,
	files: Record<string, Uint8Array>,
	actorId: number
): Promise<DraftResult & { slug?: string }> {
	const slug = COURSE_FOLDER_RE.exec(folder)?.[2];
	if (!slug) return { ok: false, error: 'bad_name' };
	return await writeTransaction(async (tx) => {
		const versions = await versionsOf(slug, tx);
		if (versions.some((v) => v.status === 'draft')) return { ok: false, error: 'draft_exists' };
		await createVersion(tx, {
			courseSlug: slug,
			folder,
			status: 'draft',
			files,
			actorId,
			basedOn: versions[0]?.id ?? null
		});
		await audit(
			{
				actorId,
				action: 'course.import',
				targetType: 'course',
				targetId: slug,
				detail: { folder, files: Object.keys(files).length }
			},
			tx
		);
		return { ok: true, revision: 1, slug };
	});
}
