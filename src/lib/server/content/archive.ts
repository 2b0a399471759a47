// A course as a .zip of its folder: exported from any version, imported as a draft. A trainer can go on writing
// in a text editor, and a course can move between counties. The bytes of every file come back unchanged.
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { COURSE_FOLDER_RE } from '../../content/names.js';
import { zipStream } from '../files/zip.ts';
import { findVersion, readFiles, type FolderFiles } from './library.ts';

/** Limits on an imported archive: far above a real course, low enough that no upload fills the server's memory. */
export const ARCHIVE_LIMITS = { files: 300, fileBytes: 2 * 1024 * 1024, totalBytes: 30 * 1024 * 1024 } as const;

// Case is kept: a folder may hold a NOTICE.txt (the shipped narration's licence), which travels with it.
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;

export type ArchiveError = 'archive_broken' | 'archive_folder' | 'archive_name' | 'archive_too_big';
export type ReadArchive =
	{ ok: true; folder: string; files: FolderFiles } | { ok: false; error: ArchiveError; name?: string };

/** A version's folder as a ZIP stream: `<folder>/<file>` for every file, in name order. */
export async function courseArchive(
	versionId: number
): Promise<{ folder: string; body: ReadableStream<Uint8Array> } | null> {
	const version = await findVersion(versionId);
	if (!version) return null;
	const files = await readFiles(versionId);
	const entries = Object.keys(files)
		.sort()
		.map((name) => ({ name: `${version.folder}/${name}`, chunks: [Buffer.from(files[name])] }));
	const at = version.publishedAt ?? version.updatedAt;
	const body = Readable.toWeb(
		Readable.from(zipStream(entries, at), { objectMode: false })
	) as ReadableStream<Uint8Array>;
	return { folder: version.folder, body };
}

/**
 * The folder and files of a course archive: one folder named like `04-growing-tea` holding the files (no deeper
 * folders). Systems' own extras (`__MACOSX/`, dot files) are left out. Sizes are checked from the archive's
 * directory before a byte is inflated, and again while inflating.
 */
export async function readCourseArchive(bytes: Uint8Array): Promise<ReadArchive> {
	let zip: yauzl.ZipFile;
	try {
		zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
			validateEntrySizes: true,
			autoClose: false
		});
	} catch {
		return { ok: false, error: 'archive_broken' };
	}
	try {
		const wanted: { name: string; entry: yauzl.Entry }[] = [];
		let folder: string | null = null;
		let total = 0;
		for await (const entry of zip.eachEntry()) {
			const path = entry.fileName.replace(/\\/g, '/');
			const parts = path.split('/').filter(Boolean);
			if (path.endsWith('/') || parts[0] === '__MACOSX' || parts.some((p) => p.startsWith('.'))) continue;
			if (parts.length !== 2) return { ok: false, error: 'archive_folder', name: path };
			if (folder !== null && parts[0] !== folder) return { ok: false, error: 'archive_folder', name: path };
			folder = parts[0];
			if (!FILE_NAME.test(parts[1])) return { ok: false, error: 'archive_name', name: path };
			total += entry.uncompressedSize;
			if (
				wanted.length >= ARCHIVE_LIMITS.files ||
				entry.uncompressedSize > ARCHIVE_LIMITS.fileBytes ||
				total > ARCHIVE_LIMITS.totalBytes
			) {
				return { ok: false, error: 'archive_too_big', name: path };
			}
			wanted.push({ name: parts[1], entry });
		}
		if (!folder || !COURSE_FOLDER_RE.test(folder)) return { ok: false, error: 'archive_folder', name: folder ?? '' };
		const files: FolderFiles = {};
		for (const { name, entry } of wanted) {
			const chunks: Buffer[] = [];
			for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
			files[name] = new Uint8Array(Buffer.concat(chunks));
		}
		return { ok: true, folder, files };
	} catch {
		return { ok: false, error: 'archive_broken' };
	} finally {
		zip.close();
	}
}
