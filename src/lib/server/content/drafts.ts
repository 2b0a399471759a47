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

export type DraftError =
	'no_course' | 'not_draft' | 'conflict' | 'draft_exists' | 'exists' | 'bad_name' | 'missing' | 'too_big';
export type DraftResult = { ok: true; revision: number } | { ok: false; error: DraftError; revision?: number };

/** A new draft holding a version's files (their blobs shared, originals kept); returns its id. */
function draftFrom(tx: Tx, version: CourseVersionRow, actorId: number): number {
	const { courseSlug, folder } = version;
	const id = createVersion(tx, { courseSlug, folder, status: 'draft', files: {}, actorId, basedOn: version.id });
	copyFiles(tx, version.id, id);
	return id;
}

/** The course's draft: the one there is, or a new one made from its latest version. */
export function openDraft(courseSlug: string, actorId: number): CourseVersionRow | null {
	return writeTransaction((tx) => {
		const draft = draftOf(courseSlug, tx);
		if (draft) return draft;
		const [latest] = versionsOf(courseSlug, tx);
		if (!latest) return null;
		return findVersion(draftFrom(tx, latest, actorId), tx) ?? null;
	});
}

/** A new draft with an earlier version's files; refused while the course has a draft. */
export function restoreAsDraft(courseSlug: string, versionId: number, actorId: number): DraftResult {
	return writeTransaction((tx) => {
		const version = findVersion(versionId, tx);
		if (!version || version.courseSlug !== courseSlug) return { ok: false, error: 'missing' };
		if (draftOf(version.courseSlug, tx)) return { ok: false, error: 'draft_exists' };
		draftFrom(tx, version, actorId);
		audit(
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
export function discardDraft(courseSlug: string, revision: number, actorId: number): DraftResult {
	return writeTransaction((tx) => {
		const draft = draftOf(courseSlug, tx);
		if (!draft) return { ok: false, error: 'missing' };
		if (draft.revision !== revision) return { ok: false, error: 'conflict', revision: draft.revision };
		tx.delete(courseVersions).where(eq(courseVersions.id, draft.id)).run();
		audit(
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
export function createCourse(folder: string, files: Record<string, Uint8Array>, actorId: number): DraftResult {
	const slug = COURSE_FOLDER_RE.exec(folder)?.[2];
	if (!slug) return { ok: false, error: 'bad_name' };
	return writeTransaction((tx) => {
		if (versionsOf(slug, tx).length > 0) return { ok: false, error: 'exists' };
		createVersion(tx, { courseSlug: slug, folder, status: 'draft', files, actorId });
		audit({ actorId, action: 'course.create', targetType: 'course', targetId: slug }, tx);
		return { ok: true, revision: 1 };
	});
}

/**
 * Runs one change on a draft when it is still at `revision`, then moves it to the next revision.
 * @param change returns an error to refuse the change (nothing is written then)
 */
export function changeDraft(
	versionId: number,
	revision: number,
	actorId: number,
	change: (tx: Tx, draft: CourseVersionRow) => DraftError | void
): DraftResult {
	try {
		return writeTransaction((tx): DraftResult => {
			const draft = findVersion(versionId, tx);
			if (!draft) return { ok: false, error: 'missing' };
			if (draft.status !== 'draft') return { ok: false, error: 'not_draft' };
			if (draft.revision !== revision) return { ok: false, error: 'conflict', revision: draft.revision };
			const error = change(tx, draft);
			// Thrown, so the transaction takes back whatever the change had written before it refused.
			if (error) throw new Refused(error);
			tx.update(courseVersions)
				.set({ revision: sql`${courseVersions.revision} + 1`, updatedAt: new Date(), updatedBy: actorId })
				.where(eq(courseVersions.id, versionId))
				.run();
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
export function putFile(tx: Tx, versionId: number, name: string, bytes: Uint8Array, original?: Uint8Array): void {
	const sha256 = putBlob(tx, bytes);
	const originalSha256 = original ? putBlob(tx, original) : null;
	tx.insert(courseFiles)
		.values({ versionId, name, sha256, originalSha256 })
		.onConflictDoUpdate({ target: [courseFiles.versionId, courseFiles.name], set: { sha256, originalSha256 } })
		.run();
}

/** Whether a draft has a file of that name. */
export function hasFile(tx: Tx, versionId: number, name: string): boolean {
	return !!tx
		.select({ name: courseFiles.name })
		.from(courseFiles)
		.where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, name)))
		.get();
}

/** Removes one file of a draft. */
export function removeFile(tx: Tx, versionId: number, name: string): void {
	tx.delete(courseFiles)
		.where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, name)))
		.run();
}

/** Renames one file of a draft (a lesson's number or slug). */
export function renameFile(tx: Tx, versionId: number, from: string, to: string): void {
	tx.update(courseFiles)
		.set({ name: to })
		.where(and(eq(courseFiles.versionId, versionId), eq(courseFiles.name, from)))
		.run();
}

/** The lesson files of a draft in order. */
export function lessonFiles(versionId: number): string[] {
	return db
		.select({ name: courseFiles.name })
		.from(courseFiles)
		.where(eq(courseFiles.versionId, versionId))
		.all()
		.map((r) => r.name)
		.filter((name) => LESSON_FILE_RE.test(name))
		.sort();
}

/**
 * A course folder from outside (an archive) as a draft: a new course, or the next version of the course with its
 * slug when that course has no draft now.
 */
export function importAsDraft(
	folder: string,
	files: Record<string, Uint8Array>,
	actorId: number
): DraftResult & { slug?: string } {
	const slug = COURSE_FOLDER_RE.exec(folder)?.[2];
	if (!slug) return { ok: false, error: 'bad_name' };
	return writeTransaction((tx) => {
		const versions = versionsOf(slug, tx);
		if (versions.some((v) => v.status === 'draft')) return { ok: false, error: 'draft_exists' };
		createVersion(tx, { courseSlug: slug, folder, status: 'draft', files, actorId, basedOn: versions[0]?.id ?? null });
		audit(
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
