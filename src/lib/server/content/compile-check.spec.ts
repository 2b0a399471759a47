import { describe, expect, it } from 'vitest';
import { checkAndCompileContent } from './check.ts';
import { compileProblems } from './compile-check.ts';
import { formatProblem } from './problem-text.ts';

describe('checkAndCompileContent', () => {
	it('compiles the shipped courses without a problem', async () => {
		expect(await checkAndCompileContent()).toEqual([]);
	});

	it('names what only the compiler sees, and a lesson with no text, with path:line', async () => {
		const root = 'tests/fixtures/content/does-not-compile';
		const problems = await checkAndCompileContent(root);
		expect(problems).toEqual([
			{ file: `${root}/01-test-course/01-first.md`, line: 10, code: 'block_unclosed', params: { tag: 'Tip' } },
			{ file: `${root}/01-test-course/02-second.md`, line: 10, code: 'closing_tag_stray', params: { tag: 'Warning' } },
			{ file: `${root}/01-test-course/03-third.md`, line: 1, code: 'lesson_no_text' }
		]);
		expect(problems.map((p) => formatProblem(p, 'en'))).toEqual(
			[
				'01-first.md:10: <Tip> is not closed: write </Tip> after its text',
				'02-second.md:10: </Warning> closes nothing: remove it, or write <Warning> before it',
				'03-third.md:1: lesson has no text: write what the learner should read'
			].map((line) => `${root}/01-test-course/${line}`)
		);
		expect(formatProblem(problems[0], 'zh-CN')).toBe(
			`${root}/01-test-course/01-first.md:10: <Tip> 没有结束。请在它的内容后面写 </Tip>。`
		);
	});

	it('compiles a file the rules refused only after it is fixed: its first problem says enough', async () => {
		const problems = await checkAndCompileContent('tests/fixtures/attacks/content/courses');
		expect(problems.length).toBeGreaterThan(0);
		const compiled = ['block_unclosed', 'block_unclosed_unknown', 'closing_tag_stray', 'cannot_show'];
		expect(problems.filter((p) => compiled.includes(p.code))).toEqual([]);
	});
});

describe('compileProblems', () => {
	it('finds the line of the same occurrence in the source', async () => {
		const source = '---\ntitle: x\nminutes: 1\n---\n\n<Tip>一</Tip>\n\n<Tip>二</Tip>\n\n<Tip>三\n';
		expect(await compileProblems('01-a', '01-b.md', source)).toEqual([
			{ line: 10, code: 'block_unclosed', params: { tag: 'Tip' } }
		]);
	});

	it('shows braces a trainer wrote anyway as text, so the compiler never sees a block', async () => {
		const source = '---\ntitle: x\nminutes: 1\n---\n\n{#if true}\n没有结束的块。\n';
		expect(await compileProblems('01-a', '01-b.md', source)).toEqual([]);
	});
});
