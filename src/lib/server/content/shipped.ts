// The courses that come with the app (content/courses): imported as version 1 of each course the database does
// not have yet, at first start. After that the trainers own them: a later change to a folder is not applied over
// their work. The version row says who made it (nobody: the install) and when; the audit log is for people's acts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeTransaction, type Db } from '../db/index.ts';
import { COURSE_FOLDER_RE } from '../../content/format.js';
import { courseMarkdown, folderMediaUrls } from './folder-files.ts';
import { parseCourseFolder } from './folder.ts';
import { allVersions, bumpGeneration, createVersion, markPublished, type FolderFiles } from './library.ts';
import { invalidateContentIndex } from './store.ts';
import { courseVersion } from './version.ts';

/** The folder of the shipped courses: CONTENT_DIR, or content/courses under the working directory. */
export const shippedCoursesDir = () => resolve(process.env.CONTENT_DIR || 'content/courses');

/** Every file of a course folder on disk (no subfolders), by name. */
export function readCourseFolder(dir: string): FolderFiles {
	const files: FolderFiles = {};
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (statSync(path).isFile() && !name.startsWith('.')) files[name] = new Uint8Array(readFileSync(path));
	}
	return files;
}

/**
 * Imports and publishes each shipped course whose slug the database has never had. A folder with problems is
 * skipped with a message (the build's checker keeps them out of a release). Returns the slugs imported.
 */
export async function importShippedCourses(database: Db, dir = shippedCoursesDir()): Promise<string[]> {
	if (!existsSync(dir)) return [];
	const imported: string[] = [];
	// Inside the write transaction: several server processes start at once, and only one may import a course.
	await writeTransaction(async (tx) => {
		const known = new Set((await allVersions(tx)).map((v) => v.courseSlug));
		for (const folder of readdirSync(dir).sort()) {
			const slug = COURSE_FOLDER_RE.exec(folder)?.[2];
			if (!slug || known.has(slug) || !statSync(join(dir, folder)).isDirectory()) continue;
			const files = readCourseFolder(join(dir, folder));
			const markdown = courseMarkdown(files);
			const { course, problems } = parseCourseFolder(folder, markdown, Object.keys(files));
			if (!course || problems.length > 0) {
				console.error(`[zhizhi] ${folder} not imported: ${problems.length} problem(s); run npm run content:check`);
				continue;
			}
			const id = await createVersion(tx, { courseSlug: slug, folder, status: 'draft', files, actorId: null });
			await markPublished(tx, id, courseVersion(markdown, await folderMediaUrls(tx, id)), null);
			imported.push(slug);
		}
		if (imported.length > 0) await bumpGeneration(tx);
	}, database);
	if (imported.length > 0) invalidateContentIndex();
	return imported;
}
