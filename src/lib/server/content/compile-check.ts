// Every lesson and course introduction compiled exactly as the app compiles it (the preprocessors of
// svelte.config.js, then Svelte for the server), so that a mistake only the compiler sees, such as a block left
// open, is a `path:line` problem at check time instead of a failed build or a broken page.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile, preprocess } from 'svelte/compiler';
import config from '../../../../svelte.config.js';
import { LESSON_FILE_RE } from '../../content/format.js';
import type { FileProblem, Problem } from '../../content/problems.js';
import { failureProblem, type MarkupError } from './render-failure.ts';

/**
 * Problems that compiling one course file shows.
 * @param folder the course folder's name, as the app's path has it (the preprocessor reads the slug from it)
 */
export async function compileProblems(folder: string, file: string, source: string): Promise<Problem[]> {
	const filename = `/content/courses/${folder}/${file}`;
	let code = source;
	try {
		code = (await preprocess(source, config.preprocess ?? [], { filename })).code;
		const runes = config.compilerOptions?.runes;
		compile(code, {
			filename,
			generate: 'server',
			runes: typeof runes === 'function' ? runes({ filename }) : runes
		});
		return [];
	} catch (caught) {
		return [failureProblem(caught as MarkupError, source, code)];
	}
}

/**
 * compileProblems for every course introduction and lesson under rootDir (never exam.md, which is never
 * compiled); `file` is the file's path under rootDir.
 * @param skip files not to compile (those with problems already: their first problem says enough)
 */
export async function compileContent(
	rootDir: string,
	skip: (path: string) => boolean = () => false
): Promise<FileProblem[]> {
	const problems: FileProblem[] = [];
	for (const folder of readdirSync(rootDir).sort()) {
		const dir = join(rootDir, folder);
		if (!statSync(dir).isDirectory()) continue;
		for (const file of readdirSync(dir).sort()) {
			if ((file !== 'course.md' && !LESSON_FILE_RE.test(file)) || skip(join(dir, file))) continue;
			const found = await compileProblems(folder, file, readFileSync(join(dir, file), 'utf8'));
			problems.push(...found.map((p) => ({ file: join(dir, file), ...p })));
		}
	}
	return problems;
}
