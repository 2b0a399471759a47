// A course folder out as a .zip and back in as a draft: every byte the same; a bad archive refused, naming why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../db/schema.ts';
import { zipStream } from '../files/zip.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { courseArchive, readCourseArchive } from './archive.ts';
import { importAsDraft } from './drafts.ts';
import { readFiles, versionsOf } from './library.ts';
import { readCourseFolder, shippedCoursesDir } from './shipped.ts';
import { join } from 'node:path';
import { one } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let trainer: number;
beforeEach(async () => {
	env = await useFreshDatabase();
	trainer = (
		await one(
			env.db
				.insert(users)
				.values({ role: 'trainer', username: 'trainer-archive', name: '培训老师', passwordHash: 'x' })
				.returning({ id: users.id })
		)
	).id;
});
afterEach(() => env.cleanup());

const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());
const zipOf = async (entries: Record<string, string>) =>
	bytesOf(
		new Response(
			(async function* () {
				const list = Object.entries(entries).map(([name, text]) => ({ name, chunks: [Buffer.from(text)] }));
				for await (const chunk of zipStream(list, new Date())) yield chunk;
			})() as unknown as ReadableStream
		).body!
	);

describe('course archives', () => {
	it('export a version and import it back with every file byte for byte the same as the folder', async () => {
		const [v1] = await versionsOf('phone-safety');
		const archive = (await courseArchive(v1.id))!;
		expect(archive.folder).toBe('03-phone-safety');
		const read = await readCourseArchive(await bytesOf(archive.body));
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		expect(read.folder).toBe('03-phone-safety');
		const onDisk = readCourseFolder(join(shippedCoursesDir(), '03-phone-safety'));
		expect(Object.keys(read.files).sort()).toEqual(Object.keys(onDisk).sort());
		for (const name of Object.keys(onDisk)) expect(Buffer.compare(read.files[name], onDisk[name]), name).toBe(0);

		const imported = await importAsDraft(read.folder, read.files, trainer);
		expect(imported).toMatchObject({ ok: true, slug: 'phone-safety' });
		const draft = (await versionsOf('phone-safety')).find((v) => v.status === 'draft')!;
		const stored = await readFiles(draft.id);
		for (const name of Object.keys(onDisk)) expect(Buffer.compare(stored[name], onDisk[name]), name).toBe(0);
		// A second import waits until the draft is published.
		expect(await importAsDraft(read.folder, read.files, trainer)).toEqual({ ok: false, error: 'draft_exists' });
	});

	it('refuses archives that are not one course folder, naming the entry', async () => {
		expect(await readCourseArchive(new TextEncoder().encode('not a zip'))).toEqual({
			ok: false,
			error: 'archive_broken'
		});
		expect(await readCourseArchive(await zipOf({ 'course.md': 'x' }))).toMatchObject({
			ok: false,
			error: 'archive_folder'
		});
		expect(await readCourseArchive(await zipOf({ '04-tea/deep/x.md': 'x' }))).toMatchObject({
			ok: false,
			error: 'archive_folder',
			name: '04-tea/deep/x.md'
		});
		expect(await readCourseArchive(await zipOf({ '04-tea/a.md': 'x', '05-other/b.md': 'y' }))).toMatchObject({
			error: 'archive_folder'
		});
		expect(await readCourseArchive(await zipOf({ '04-tea/坏名字.svg': 'x' }))).toMatchObject({ error: 'archive_name' });
		expect(await readCourseArchive(await zipOf({ '04-tea/../x.md': 'x' }))).toMatchObject({ ok: false });
		expect(await readCourseArchive(await zipOf({ 'tea/course.md': 'x' }))).toMatchObject({ error: 'archive_folder' });
		const ok = await readCourseArchive(
			await zipOf({ '04-tea/course.md': 'x', '__MACOSX/04-tea/._course.md': 'y', '04-tea/.DS_Store': 'z' })
		);
		expect(ok).toMatchObject({ ok: true, folder: '04-tea' });
		expect(ok.ok && Object.keys(ok.files)).toEqual(['course.md']);
	});
});
