// Every lesson and course introduction compiled exactly as the app compiles it (the preprocessors of
// svelte.config.js, then Svelte for the server), so that a mistake only the compiler sees, such as a block left
// open, is a `path:line` problem at check time instead of a failed build or a broken page.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile, preprocess } from 'svelte/compiler';
import config from '../../../../svelte.config.js';
import { LESSON_FILE_RE } from '../../content/format.js';
import type { FileProblem, Problem, ProblemBody } from '../../content/problems.js';

type SvelteError = Error & { code?: string; position?: [number, number] };

/** What the compiler said, as a problem a trainer can act on. */
function explain(error: SvelteError, found: string): ProblemBody {
	const tag = /^<([A-Za-z][\w.-]*)/.exec(found)?.[1];
	if (error.code === 'block_unclosed' || error.code === 'element_unclosed') {
		return tag ? { code: 'block_unclosed', params: { tag } } : { code: 'block_unclosed_unknown' };
	}
	if (error.code === 'element_invalid_closing_tag') {
		const closing = /^<\/([A-Za-z][\w.-]*)/.exec(found)?.[1] ?? '';
		return { code: 'closing_tag_stray', params: { tag: closing } };
	}
	return { code: 'cannot_show', params: { detail: error.message.split('\n')[0] } };
}

/**
 * The line of the source that the compiler's position points at. mdsvex writes no source map, so the line is
 * found by its text: the shortest start of what stands at the error that occurs in the source, taking the same
 * occurrence (the third `<Tip>` of the compiled file is the third of the source).
 */
function sourceLine(source: string, code: string, offset: number): number {
	const end = code.indexOf('\n', offset);
	let found = code.slice(offset, end < 0 ? undefined : end).slice(0, 40);
	for (; found.trim().length >= 2; found = found.slice(0, -1)) {
		const nth = code.slice(0, offset).split(found).length - 1;
		let at = -1;
		for (let i = 0; i <= nth; i++) {
			at = source.indexOf(found, at + 1);
			if (at < 0) break;
		}
		if (at >= 0) return source.slice(0, at).split('\n').length;
	}
	return 1;
}

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
		const error = caught as SvelteError;
		const offset = error.position?.[0];
		if (offset === undefined) return [{ line: 1, ...explain(error, '') }];
		const found = code.slice(offset, offset + 40);
		return [{ line: sourceLine(source, code, offset), ...explain(error, found) }];
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
