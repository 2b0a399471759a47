// Courses as data: versions of a course and their files, stored by the SHA-256 of their bytes. A published
// version never changes (its files, its rendered pages); a draft changes only through saveDraftFile and friends.
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Executor } from '../db/index.ts';
import { contentGeneration, courseBlobs, courseFiles, courseVersions, type CourseVersionStatus } from '../db/schema.ts';
import { first, one } from '../db/dialect.ts';

export type CourseVersionRow = typeof courseVersions.$inferSelect;
/** A course folder's files by name: markdown and media alike, as bytes. */
export type FolderFiles = Record<string, Uint8Array>;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Where a course file is served: by its hash, so it can be cached for good (the name says what it is). */
export const mediaUrl = (sha256: string, name: string) => `/media/${sha256}/${encodeURIComponent(name)}`;

/** Stores the bytes once; returns their hash. */
export async function putBlob(target: Executor, bytes: Uint8Array): Promise<string> {
	const sha256 = sha256Hex(bytes);
	await target
		.insert(courseBlobs)
		.values({ sha256, size: bytes.byteLength, data: Buffer.from(bytes) })
		.onConflictDoNothing();
	return sha256;
}

/** Creates a version with these files; returns its id. */
export async function createVersion(
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
): Promise<number> {
	const last = await first(
		target
			.select({ number: sql<number>`max(${courseVersions.number})` })
			.from(courseVersions)
			.where(eq(courseVersions.courseSlug, v.courseSlug))
	);
	const now = new Date();
	const row = await one(
		target
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
	);
	for (const [name, bytes] of Object.entries(v.files)) {
		await target.insert(courseFiles).values({ versionId: row.id, name, sha256: await putBlob(target, bytes) });
	}
	return row.id;
}

/** Gives version `to` the files of version `from` (names, bytes and kept originals), sharing their blobs. */
export async function copyFiles(target: Executor, from: number, to: number): Promise<void> {
	const rows = await target.select().from(courseFiles).where(eq(courseFiles.versionId, from));
	for (const row of rows) await target.insert(courseFiles).values({ ...row, versionId: to });
}

/** A version's row, or undefined. */
export async function findVersion(id: number, target: Executor = db): Promise<CourseVersionRow | undefined> {
	return await first(target.select().from(courseVersions).where(eq(courseVersions.id, id)));
}

/** Every version of a course, newest first. */
export async function versionsOf(courseSlug: string, target: Executor = db): Promise<CourseVersionRow[]> {
	return await target
		.select()
		.from(courseVersions)
		.where(eq(courseVersions.courseSlug, courseSlug))
		.orderBy(desc(courseVersions.number));
}

/** Every course's latest version and its live one (if any), in catalogue order. */
export async function allVersions(target: Executor = db): Promise<CourseVersionRow[]> {
	return await target.select().from(courseVersions).orderBy(asc(courseVersions.folder), desc(courseVersions.number));
}

/** The live (published) versions of every course. */
export async function liveVersions(target: Executor = db): Promise<CourseVersionRow[]> {
	return await target.select().from(courseVersions).where(eq(courseVersions.status, 'published'));
}

/** The course's draft, or undefined. */
export async function draftOf(courseSlug: string, target: Executor = db): Promise<CourseVersionRow | undefined> {
	return await first(
		target
			.select()
			.from(courseVersions)
			.where(and(eq(courseVersions.courseSlug, courseSlug), eq(courseVersions.status, 'draft')))
	);
}

/** File names and hashes of a version, by name. */
export async function fileList(
	versionId: number,
	target: Executor = db
): Promise<{ name: string; sha256: string; size: number }[]> {
	return await target
		.select({ name: courseFiles.name, sha256: courseFiles.sha256, size: courseBlobs.size })
		.from(courseFiles)
		.innerJoin(courseBlobs, eq(courseBlobs.sha256, courseFiles.sha256))
		.where(eq(courseFiles.versionId, versionId))
		.orderBy(asc(courseFiles.name));
}

/** The bytes of some (or all) files of a version, by name. */
export async function readFiles(versionId: number, names?: string[], target: Executor = db): Promise<FolderFiles> {
	const rows = await target
		.select({ name: courseFiles.name, data: courseBlobs.data })
		.from(courseFiles)
		.innerJoin(courseBlobs, eq(courseBlobs.sha256, courseFiles.sha256))
		.where(
			names
				? and(eq(courseFiles.versionId, versionId), inArray(courseFiles.name, names))
				: eq(courseFiles.versionId, versionId)
		);
	return Object.fromEntries(rows.map((r) => [r.name, new Uint8Array(r.data)]));
}

/** The stored bytes with this hash, or undefined. */
export async function readBlob(sha256: string, target: Executor = db): Promise<Buffer | undefined> {
	return (
		await first(target.select({ data: courseBlobs.data }).from(courseBlobs).where(eq(courseBlobs.sha256, sha256)))
	)?.data;
}

/** The statuses of the versions that hold a file with this hash and name (to decide who may fetch it). */
export async function statusesHolding(
	sha256: string,
	name: string,
	target: Executor = db
): Promise<CourseVersionStatus[]> {
	return (
		await target
			.select({ status: courseVersions.status })
			.from(courseFiles)
			.innerJoin(courseVersions, eq(courseVersions.id, courseFiles.versionId))
			.where(and(eq(courseFiles.sha256, sha256), eq(courseFiles.name, name)))
	).map((r) => r.status);
}

/** The content generation: changes with every publish and withdrawal. */
export async function readGeneration(target: Executor = db): Promise<number> {
	return (await first(target.select().from(contentGeneration).where(eq(contentGeneration.id, 1))))?.generation ?? 0;
}

/** Marks the published content as changed, for every server process (see store.ts). */
export async function bumpGeneration(target: Executor): Promise<void> {
	await target
		.insert(contentGeneration)
		.values({ id: 1, generation: 1 })
		.onConflictDoUpdate({
			target: contentGeneration.id,
			set: { generation: sql`${contentGeneration.generation} + 1` }
		});
}

/**
 * Makes a draft the course's live version: the one live before is superseded. Its pages are rendered before
 * (publish.ts) or on first request. Call inside the transaction that audits it, then bumpGeneration.
 */
export async function markPublished(
	target: Executor,
	id: number,
	contentVersion: string,
	actorId: number | null
): Promise<void> {
	const version = await findVersion(id, target);
	if (!version || version.status !== 'draft') throw new Error(`version ${id} is not a draft`);
	await target
		.update(courseVersions)
		.set({ status: 'superseded' })
		.where(and(eq(courseVersions.courseSlug, version.courseSlug), eq(courseVersions.status, 'published')));
	const now = new Date();
	await target
		.update(courseVersions)
		.set({ status: 'published', contentVersion, publishedAt: now, publishedBy: actorId, updatedAt: now })
		.where(eq(courseVersions.id, id));
}
