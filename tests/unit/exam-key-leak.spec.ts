// After `npm run build`: no exam answer key (explanations, review lines) may reach the browser bundle. Exams are
// data on the server (the database, read by src/lib/server/content; the renderer refuses exam.md), and this
// proves it on the output.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter, parseQuizBlocks } from '../../src/lib/content/format.js';

const CLIENT = '.svelte-kit/output/client';
const COURSES = 'content/courses';
// Explanations this short could appear in a lesson by chance ("因为。"); longer ones are unique text.
const MIN_LENGTH = 8;

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]
	);
}

function examSecrets(): { course: string; secrets: string[] }[] {
	if (!existsSync(COURSES)) return [];
	return readdirSync(COURSES)
		.filter((course) => existsSync(join(COURSES, course, 'exam.md')))
		.map((course) => {
			const raw = readFileSync(join(COURSES, course, 'exam.md'), 'utf8');
			const { body, bodyStartLine } = parseFrontMatter(raw);
			const { questions } = parseQuizBlocks(body, { exam: true, bodyStartLine });
			const explanations = questions.flatMap((q) => q.explanation.split('\n'));
			// Review lines exist only in exam.md (the checker refuses them in lessons): any one is raw exam text.
			const reviewLines = raw.split(/\r?\n/).filter((line) => /^(复习|review)\s*[：:]/i.test(line.trim()));
			return { course, secrets: [...reviewLines, ...explanations.filter((text) => text.length >= MIN_LENGTH)] };
		});
}

const built = existsSync(CLIENT);
if (!built) console.warn(`exam-key-leak: skipped, ${CLIENT} does not exist. Run \`npm run build\` first.`);

describe.skipIf(!built)('exam answer keys after the build', () => {
	const exams = examSecrets();

	it('has exams to look for', () => {
		expect(exams.flatMap((e) => e.secrets).length).toBeGreaterThan(0);
	});

	it('are in no file of the server build either: exams are data, read from the database', () => {
		const server = files('.svelte-kit/output/server')
			.filter((f) => f.endsWith('.js'))
			.map((f) => readFileSync(f, 'utf8'))
			.join('\n');
		// The search reads the right files: a word of the exam page is there.
		expect(server).toContain('交卷');
		// Review lines are left out here: the checker's own messages quote one as an example (复习：03-vaccination.md).
		const found = exams.flatMap(({ course, secrets }) =>
			secrets
				.filter((secret) => !/^(复习|review)/i.test(secret) && server.includes(secret))
				.map((s) => `${course}: ${s}`)
		);
		expect(found).toEqual([]);
	});

	it('appear in no file of the client output', () => {
		const leaks: string[] = [];
		for (const file of files(CLIENT).filter((f) => !/\.(br|gz|png|jpe?g|webp|mp3|m4a|ogg|woff2?)$/.test(f))) {
			const text = readFileSync(file, 'utf8');
			for (const { course, secrets } of exams) {
				for (const secret of secrets) {
					if (text.includes(secret)) leaks.push(`${file}: ${course}/exam.md "${secret.slice(0, 40)}"`);
				}
			}
		}
		expect(leaks).toEqual([]);
	});
});
