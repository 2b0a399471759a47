// The content checker over the file system (npm run content:check; the build runs it first).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compileContent } from './compile-check.ts';
import { audioFileProblems } from './audio-files.ts';
import { parseCourseFolder } from './folder.ts';
import type { FileProblem } from '../../content/problems.js';

/**
 * Checks every course folder under rootDir against the rules of content/README.md.
 * @returns problems with `file` relative to the working directory (the repository root), sorted by file and line
 */
export function checkContent(rootDir = 'content/courses'): FileProblem[] {
	if (!existsSync(rootDir)) return [{ file: rootDir, line: 1, code: 'folder_not_found' }];
	const problems: FileProblem[] = [];
	const slugs = new Map<string, string>();
	const folders = readdirSync(rootDir)
		.filter((name) => statSync(join(rootDir, name)).isDirectory())
		.sort();
	for (const folder of folders) {
		const dir = join(rootDir, folder);
		const names = readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile());
		const files: Record<string, string> = {};
		for (const name of names.filter((n) => n.endsWith('.md'))) files[name] = readFileSync(join(dir, name), 'utf8');
		const media = names.filter((name) => !name.endsWith('.md'));
		const { course, problems: found } = parseCourseFolder(folder, files, media);
		const path = (file: string) => relative(process.cwd(), join(dir, file)).split(sep).join('/');
		problems.push(...found.map((p) => ({ ...p, file: path(p.file) })));
		const read = (name: string) => (media.includes(name) ? readFileSync(join(dir, name)) : null);
		problems.push(...audioFileProblems(files, read).map((p) => ({ ...p, file: path(p.file) })));
		if (course) {
			const other = slugs.get(course.slug);
			if (other) {
				const params = { slug: course.slug, other };
				problems.push({ file: path('course.md'), line: 1, code: 'course_slug_taken', params });
			} else slugs.set(course.slug, folder);
		}
	}
	return problems.sort(byFileAndLine);
}

const byFileAndLine = (a: FileProblem, b: FileProblem) =>
	a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1;
const pathFromHere = (path: string) => relative(process.cwd(), path).split(sep).join('/');

/**
 * checkContent, then every course file it found no problem in compiled as the app compiles it (compile-check.ts):
 * what `npm run content:check` prints.
 */
export async function checkAndCompileContent(rootDir = 'content/courses'): Promise<FileProblem[]> {
	const problems = checkContent(rootDir);
	if (!existsSync(rootDir)) return problems;
	const checked = new Set(problems.map((p) => p.file));
	const compiled = await compileContent(rootDir, (path) => checked.has(pathFromHere(path)));
	return [...problems, ...compiled.map((p) => ({ ...p, file: pathFromHere(p.file) }))].sort(byFileAndLine);
}
