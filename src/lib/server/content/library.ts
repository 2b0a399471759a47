// Courses as data: versions of a course and their files, stored by the SHA-256 of their bytes. A published
// version never changes (its files, its rendered pages); a draft changes only through saveDraftFile and friends.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Executor } from '../db/index.ts';
import { contentGeneration, courseBlobs, courseFiles, courseVersions, type CourseVersionStatus } from '../db/schema.ts';

export type CourseVersionRow = typeof courseVersions.$inferSelect;
/** A course folder's files by name: markdown and media alike, as bytes. */
export type FolderFiles = Record<string, Uint8Array>;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where a course file is served: by its hash, so it can be cached for good (the name says what it is). */
export const mediaUrl = (sha256: string, name: string) => `/media/${sha256}/${encodeURIComponent(name)}`;

/** Stores the bytes once; returns their hash. */
export function putBlob(target: Executor, bytes: Uint8Array): string {
	const sha256 = sha256Hex(bytes);
	target
		.insert(courseBlobs)
		.values({ sha256, size: bytes.byteLength, data: Buffer.from(bytes) })
		.onConflictDoNothing()
		.run();
	return sha256;
}

/** Creates a version with these files; returns its id. */
export function createVersion(
	target: Executor,
	v: {
		courseSlug: string;
		folder: string;
		status: CourseVersionStatus;
		files: FolderFiles;
		actorId: number | null;
		basedOn?: number | null;
		number?: number;
	}
): number {
	const last = target
		.select({ number: sql<number>`max(${courseVersions.number})` })
		.from(courseVersions)
		.where(eq(courseVersions.courseSlug, v.courseSlug))
		.get();
	const now = new Date();
	const row = target
		.insert(courseVersions)
		.values({
			courseSlug: v.courseSlug,
			number: v.number ?? (last?.number ?? 0) + 1,
			folder: v.folder,
			status: v.status,
			basedOn: v.basedOn ?? null,
			createdBy: v.actorId,
			updatedAt: now,
			updatedBy: v.actorId
		})
		.returning({ id: courseVersions.id })
		.get();
	for (const [name, bytes] of Object.entries(v.files)) {
		target
			.insert(courseFiles)
			.values({ versionId: row.id, name, sha256: putBlob(target, bytes) })
			.run();
	}
	return row.id;
}

/** Gives version `to` the files of version `from` (names, bytes and kept originals), sharing their blobs. */
export function copyFiles(target: Executor, from: number, to: number): void {
	const rows = target.select().from(courseFiles).where(eq(courseFiles.versionId, from)).all();
	for (const row of rows)
		target
			.insert(courseFiles)
			.values({ ...row, versionId: to })
			.run();
}

/** A version's row, or undefined. */
export function findVersion(id: number, target: Executor = db): CourseVersionRow | undefined {
	return target.select().from(courseVersions).where(eq(courseVersions.id, id)).get();
}

/** Every version of a course, newest first. */
export function versionsOf(courseSlug: string, target: Executor = db): CourseVersionRow[] {
	return target
		.select()
		.from(courseVersions)
		.where(eq(courseVersions.courseSlug, courseSlug))
		.orderBy(desc(courseVersions.number))
		.all();
}

/** Every course's latest version and its live one (if any), in catalogue order. */
export function allVersions(target: Executor = db): CourseVersionRow[] {
	return target.select().from(courseVersions).orderBy(asc(courseVersions.folder), desc(courseVersions.number)).all();
}

/** The live (published) versions of every course. */
export function liveVersions(target: Executor = db): CourseVersionRow[] {
	return target.select().from(courseVersions).where(eq(courseVersions.status, 'published')).all();
}

/** The course's draft, or undefined. */
export function draftOf(courseSlug: string, target: Executor = db): CourseVersionRow | undefined {
	return target
		.select()
		.from(courseVersions)
		.where(and(eq(courseVersions.courseSlug, courseSlug), eq(courseVersions.status, 'draft')))
		.get();
}

/** File names and hashes of a version, by name. */
export function fileList(versionId: number, target: Executor = db): { name: string; sha256: string; size: number }[] {
	return target
		.select({ name: courseFiles.name, sha256: courseFiles.sha256, size: courseBlobs.size })
		.from(courseFiles)
		.innerJoin(courseBlobs, eq(courseBlobs.sha256, courseFiles.sha256))
		.where(eq(courseFiles.versionId, versionId))
		.orderBy(asc(courseFiles.name))
		.all();
}

/** The bytes of some (or all) files of a version, by name. */
export function readFiles(versionId: number, names?: string[], target: Executor = db): FolderFiles {
	const rows = target
		.select({ name: courseFiles.name, data: courseBlobs.data })
		.from(courseFiles)
		.innerJoin(courseBlobs, eq(courseBlobs.sha256, courseFiles.sha256))
		.where(
			names
				? and(eq(courseFiles.versionId, versionId), inArray(courseFiles.name, names))
				: eq(courseFiles.versionId, versionId)
		)
		.all();
	return Object.fromEntries(rows.map((r) => [r.name, new Uint8Array(r.data)]));
}

/** The stored bytes with this hash, or undefined. */
export function readBlob(sha256: string, target: Executor = db): Buffer | undefined {
	return target.select({ data: courseBlobs.data }).from(courseBlobs).where(eq(courseBlobs.sha256, sha256)).get()?.data;
}

/** The statuses of the versions that hold a file with this hash and name (to decide who may fetch it). */
export function statusesHolding(sha256: string, name: string, target: Executor = db): CourseVersionStatus[] {
	return target
		.select({ status: courseVersions.status })
		.from(courseFiles)
		.innerJoin(courseVersions, eq(courseVersions.id, courseFiles.versionId))
		.where(and(eq(courseFiles.sha256, sha256), eq(courseFiles.name, name)))
		.all()
		.map((r) => r.status);
}

/** The content generation: changes with every publish and withdrawal. */
export function readGeneration(target: Executor = db): number {
	return target.select().from(contentGeneration).where(eq(contentGeneration.id, 1)).get()?.generation ?? 0;
}

/** Marks the published content as changed, for every server process (see store.ts). */
export function bumpGeneration(target: Executor): void {
	target
		.insert(contentGeneration)
		.values({ id: 1, generation: 1 })
		.onConflictDoUpdate({ target: contentGeneration.id, set: { generation: sql`${contentGeneration.generation} + 1` } })
		.run();
}

/**
 * Makes a draft the course's live version: the one live before is superseded. Its pages are rendered before
 * (publish.ts) or on first request. Call inside the transaction that audits it, then bumpGeneration.
 */
export function markPublished(target: Executor, id: number, contentVersion: string, actorId: number | null): void {
	const version = findVersion(id, target);
	if (!version || version.status !== 'draft') throw new Error(`version ${id} is not a draft`);
	target
		.update(courseVersions)
		.set({ status: 'superseded' })
		.where(and(eq(courseVersions.courseSlug, version.courseSlug), eq(courseVersions.status, 'published')))
		.run();
	const now = new Date();
	target
		.update(courseVersions)
		.set({ status: 'published', contentVersion, publishedAt: now, publishedBy: actorId, updatedAt: now })
		.where(eq(courseVersions.id, id))
		.run();
}
