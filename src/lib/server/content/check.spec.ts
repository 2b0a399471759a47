import { describe, expect, it } from 'vitest';
import type { FileProblem } from '../../content/problems.js';
import { checkContent } from './check.ts';
import { formatProblem } from './problem-text.ts';

const root = 'tests/fixtures/content';
// Each problem as `path:line: code` and the values its message names, in order.
const coded = (p: FileProblem) => [`${p.file}:${p.line}: ${p.code}`, ...Object.values(p.params ?? {})].join(' | ');
const check = (fixture: string) => checkContent(`${root}/${fixture}`).map(coded);

describe('checkContent', () => {
	it('passes a good course', () => {
		expect(check('good')).toEqual([]);
	});

	it.each([
		[
			'bad-front-matter',
			[
				'02-second.md:1: front_matter_missing',
				'03-third.md:3: front_matter_yaml | Flow sequence in block collection must be sufficiently indented and end with a ]',
				'course.md:7: field_not_positive | minutes',
				'course.md:9: field_not_pass_mark | passMark'
			]
		],
		['unknown-category', ['course.md:4: field_not_category | category']],
		['no-right-answer', ['01-first.md:9: question_no_right_answer']],
		['two-right-answers', ['01-first.md:9: single_many_right | 2']],
		[
			'missing-picture',
			[
				'01-first.md:6: picture_not_found | nope.svg',
				'01-first.md:8: picture_no_alt | hen.svg',
				'course.md:8: picture_not_found | cover.svg'
			]
		],
		['missing-audio', ['01-first.md:4: audio_not_found | 01-first.mp3', '01-first.md:7: audio_not_found | talk.mp3']],
		[
			'bad-audio',
			[
				'01-first.md:4: audio_not_mp3 | 01-first.mp3',
				'01-first.md:9: audio_not_mp3 | talk.mp3',
				'02-second.md:4: narration_not_mp3 | 02-second.m4a'
			]
		],
		['broken-link', ['01-first.md:6: link_no_lesson | 05-nothing.md']],
		[
			'short-exam',
			[
				'exam.md:1: exam_too_short | 3 | 10',
				'exam.md:16: review_unknown_lesson | 09-nowhere.md',
				'exam.md:18: exam_question_no_review'
			]
		],
		['pool-too-large', ['exam.md:3: draw_too_many | 11 | 10']],
		['bad-file-name', ['2-Second.md:1: lesson_file_name']],
		['missing-sources', ['course.md:12: sources_missing']]
	])('%s', (fixture, expected) => {
		expect(check(fixture)).toEqual(expected.map((line) => `${root}/${fixture}/01-test-course/${line}`));
	});

	it('finds duplicate course and lesson slugs', () => {
		expect(check('duplicate-slug')).toEqual([
			`${root}/duplicate-slug/01-chickens/02-feed.md:1: lesson_slug_taken | feed | 01-feed.md`,
			`${root}/duplicate-slug/02-chickens/course.md:1: course_slug_taken | chickens | 01-chickens`
		]);
	});

	it('reports a missing folder', () => {
		expect(check('nowhere')).toEqual([`${root}/nowhere:1: folder_not_found`]);
	});

	it('says each problem in English or in Chinese, as path:line: words', () => {
		const [problem] = checkContent(`${root}/two-right-answers`);
		const where = `${root}/two-right-answers/01-test-course/01-first.md:9`;
		expect(formatProblem(problem, 'en')).toBe(`${where}: single-choice question has 2 right answers`);
		expect(formatProblem(problem, 'zh-CN')).toBe(
			`${where}: 单选题只能有一个正确答案，这里标了 2 个。请只留一个 - [x]，或者改成 多选：。`
		);
		const exam = checkContent(`${root}/short-exam`).map((p) => formatProblem(p, 'en'));
		expect(exam[0]).toBe(`${root}/short-exam/01-test-course/exam.md:1: exam has 3 questions; it needs at least 10`);
		const audio = checkContent(`${root}/bad-audio`).map((p) => formatProblem(p, 'en'));
		expect(audio[2]).toMatch(
			/02-second\.md:4: narration "02-second\.m4a" must be an MP3 file: WeChat's browser and old Android phones play MP3$/
		);
	});

	it('refuses code and HTML that is not markdown or a documented block', () => {
		const attacks = 'tests/fixtures/attacks/content/courses';
		expect(checkContent(attacks).map(coded)).toEqual(
			[
				'01-script.md:6: markup_script',
				'01-script.md:7: markup_braces | { readFileSync }',
				'01-script.md:11: markup_braces | {globalThis.zhizh',
				'02-at-html.md:7: markup_tag | img',
				`02-at-html.md:7: markup_braces | {@html '<img src=`,
				'03-iframe.md:8: markup_tag | iframe',
				'04-javascript-link.md:6: markup_tag | a',
				'04-javascript-link.md:8: markup_link | javascript:void0',
				'04-javascript-link.md:10: markup_link | javascript:alert(2',
				'05-handlers.md:6: markup_tag | div',
				'05-handlers.md:8: markup_handler | Tip | onclick',
				'05-handlers.md:10: markup_handler | Figure | onerror',
				'06-entities.md:6: markup_reference | &#123;',
				'07-style.md:6: markup_style',
				'07-style.md:7: markup_braces | { display: none; }',
				'08-braces.md:6: markup_braces | {1 + 1}',
				'08-braces.md:8: markup_braces | {#if true}'
			].map((line) => `${attacks}/01-attacks/${line}`)
		);
		const [script, braces] = checkContent(attacks).map((p) => formatProblem(p, 'en').replace(/^.*?:\d+: /, ''));
		expect(script).toBe('<script> is not allowed: course files cannot contain code');
		expect(braces).toBe(
			'"{ readFileSync }": curly braces { } are not allowed, the app would run what is between them as code. ' +
				'Write （ ） or 【 】 instead, or put the text in `backticks` to show it as code'
		);
	});
});
