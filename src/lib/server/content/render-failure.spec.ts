// A page the checker passes but the renderer refuses: a problem with its code and the renderer's words as detail.
import { describe, expect, it, vi } from 'vitest';
import { checkCourseFiles } from './publish.ts';
import { formatProblem } from './problem-text.ts';
import { newCourseFiles } from './studio.ts';

vi.mock('./render-markdown.ts', () => ({
	renderCourseMarkdown: async () => {
		throw Object.assign(new Error('x/01-a.md: <Evil> is not a block'), { line: 4 });
	}
}));

describe('checkCourseFiles', () => {
	it('names a page the app cannot show, at the renderer\u2019s line', async () => {
		const problems = await checkCourseFiles('04-growing-tea', newCourseFiles('种茶', 'farming'));
		expect(problems.map((p) => p.file)).toEqual(['01-first-lesson.md', 'course.md']);
		expect(problems[1]).toEqual({
			file: 'course.md',
			line: 4,
			code: 'cannot_show',
			params: { detail: 'x/01-a.md: <Evil> is not a block' }
		});
		expect(formatProblem(problems[1], 'en')).toBe(
			'course.md:4: the app cannot show this file: x/01-a.md: <Evil> is not a block'
		);
		expect(formatProblem(problems[1], 'zh-CN')).toBe(
			'course.md:4: 程序显示不了这个文件（x/01-a.md: <Evil> is not a block）。请检查这一行附近的写法。'
		);
	});
});
