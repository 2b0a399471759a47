// After `npm run build`: lessons reach the browser as HTML in their page's data, rendered on the server from the
// database (src/lib/server/content/pages.ts). None may be compiled into the browser's JavaScript, where every phone
// would download it with the app and the service worker would precache it, whether the course is saved or not.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/lib/content/format.js';

const CLIENT = '.svelte-kit/output/client';
const COURSES = 'content/courses';

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}

/** From every lesson and course.md, its first plain line of prose (long enough to be the lesson's own words). */
function lessonSentences(): { file: string; sentence: string }[] {
	return readdirSync(COURSES).flatMap((course) =>
		readdirSync(join(COURSES, course))
			.filter((name) => /^(\d{2}-.+|course)\.md$/.test(name))
			.flatMap((name) => {
				const file = join(COURSES, course, name);
				const { body } = parseFrontMatter(readFileSync(file, 'utf8'));
				const sentence = body
					.split(/\r?\n/)
					.map((line) => line.trim())
					.find((line) => line.length >= 12 && !/[<>#*`[\]{}|"'-]/.test(line));
				return sentence ? [{ file, sentence }] : [];
			})
	);
}

const built = existsSync(CLIENT);
if (!built) console.warn(`lessons-not-bundled: skipped, ${CLIENT} does not exist. Run \`npm run build\` first.`);

describe.skipIf(!built)('lessons after the build', () => {
	const sentences = lessonSentences();

	it('has a sentence of every lesson to look for', () => {
		expect(sentences.length).toBeGreaterThanOrEqual(20);
	});

	// Courses are data (src/lib/server/content/library.ts): imported into the database at first start and
	// rendered from there, so no build holds them, neither the browser's nor the server's.
	const built = (dir: string) =>
		files(dir)
			.filter((f) => /\.(js|json|html)$/.test(f))
			.map((f) => ({ f, text: readFileSync(f, 'utf8') }));

	it('are searched for where words of the app are found (the lesson page’s own button)', () => {
		for (const dir of [CLIENT, '.svelte-kit/output/server']) {
			expect(
				built(dir).some(({ text }) => text.includes('这一课学完了')),
				dir
			).toBe(true);
		}
	});

	it('are in no file of the browser build or the server build', () => {
		const output = [...built(CLIENT), ...built('.svelte-kit/output/server')];
		const found = sentences.flatMap(({ file, sentence }) =>
			output.filter(({ text }) => text.includes(sentence)).map(({ f }) => `${file} in ${f}`)
		);
		expect(found).toEqual([]);
	});
});
