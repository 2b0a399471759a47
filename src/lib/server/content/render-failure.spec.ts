// A lesson the format checker passes but that cannot become a page (a block left open, a stray closing tag): the
// studio's check and publishing name the problem, in the trainer's words, at the line of the trainer's own file.
import { describe, expect, it } from 'vitest';
import { checkCourseFiles } from './publish.ts';
import { formatProblem } from './problem-text.ts';
import { CourseRenderError } from './render-failure.ts';
import { renderCourseMarkdown } from './render-markdown.ts';
import { newCourseFiles } from './studio.ts';

const lesson = (...body: string[]) =>
	['---', 'title: 第一课', 'minutes: 5', '---', '', '采茶要选晴天。', '', ...body, ''].join('\n');

const withLesson = (text: string) => ({
	...newCourseFiles('种茶', 'farming'),
	'01-first-lesson.md': new TextEncoder().encode(text)
});

describe('a page the renderer refuses', () => {
	it('names a block left open at its own line, in both languages', async () => {
		const text = lesson('第一段。', '', '<Tip>露水干了再采。', '', '最后一段。');
		const problems = await checkCourseFiles('04-growing-tea', withLesson(text));
		expect(problems).toEqual([
			{ file: '01-first-lesson.md', line: 10, code: 'block_unclosed', params: { tag: 'Tip' } }
		]);
		expect(text.split('\n')[9]).toBe('<Tip>露水干了再采。');
		expect(formatProblem(problems[0], 'en')).toMatch(/^01-first-lesson\.md:10: <Tip> is not closed/);
		expect(formatProblem(problems[0], 'zh-CN')).toMatch(/^01-first-lesson\.md:10: .*<\/Tip>/);
	});

	it('names the second of two blocks when it is the one left open', async () => {
		const text = lesson('<Tip>第一个提示。</Tip>', '', '<Tip>第二个提示。', '', '结尾。');
		const [problem] = await checkCourseFiles('04-growing-tea', withLesson(text));
		expect(problem).toMatchObject({ line: 10, code: 'block_unclosed' });
	});

	it('names a closing tag that closes nothing', async () => {
		const text = lesson('第一段。', '', '第二段。</Warning>');
		const [problem] = await checkCourseFiles('04-growing-tea', withLesson(text));
		expect(problem).toMatchObject({ file: '01-first-lesson.md', line: 10, code: 'closing_tag_stray' });
	});

	it('throws the problem with the error, so the preview says the same', async () => {
		const text = lesson('<Warning>别在雨天采。');
		const rendering = renderCourseMarkdown(text, { folder: '04-growing-tea', file: '01-first-lesson.md', media: {} });
		await expect(rendering).rejects.toBeInstanceOf(CourseRenderError);
		await expect(rendering).rejects.toMatchObject({
			message: expect.stringMatching(/^04-growing-tea\/01-first-lesson\.md: /),
			problem: { line: 8, code: 'block_unclosed', params: { tag: 'Warning' } }
		});
	});
});
