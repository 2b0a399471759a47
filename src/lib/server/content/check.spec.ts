import { describe, expect, it } from 'vitest';
import { checkContent, formatProblem } from './check.ts';

const root = 'tests/fixtures/content';
const check = (fixture: string) => checkContent(`${root}/${fixture}`).map(formatProblem);

describe('checkContent', () => {
	it('passes a good course', () => {
		expect(check('good')).toEqual([]);
	});

	it.each([
		[
			'bad-front-matter',
			[
				'02-second.md:1: front matter is missing',
				'03-third.md:3: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
				'course.md:7: front matter: "minutes" must be a positive whole number',
				'course.md:9: front matter: "passMark" must be a whole number from 0 to 100'
			]
		],
		['unknown-category', ['course.md:4: front matter: "category" must be farming, business or internet']],
		['no-right-answer', ['01-first.md:9: question has no right answer: mark one with - [x]']],
		['two-right-answers', ['01-first.md:9: single-choice question has 2 right answers']],
		[
			'missing-picture',
			[
				'01-first.md:6: picture "nope.svg" is not in the course folder',
				'01-first.md:8: picture "hen.svg" has no description (alt)',
				'course.md:8: picture "cover.svg" is not in the course folder'
			]
		],
		[
			'missing-audio',
			[
				'01-first.md:4: audio "01-first.mp3" is not in the course folder',
				'01-first.md:7: audio "talk.mp3" is not in the course folder'
			]
		],
		[
			'bad-audio',
			[
				'01-first.md:4: audio "01-first.mp3" is not an MP3 file (its bytes do not start like one)',
				'01-first.md:9: audio "talk.mp3" is not an MP3 file (its bytes do not start like one)',
				`02-second.md:4: narration "02-second.m4a" must be an MP3 file: WeChat's browser and old Android phones play MP3`
			]
		],
		['broken-link', ['01-first.md:6: link to "05-nothing.md" points to no lesson of this course']],
		[
			'short-exam',
			[
				'exam.md:1: exam has 3 questions; it needs at least 10',
				'exam.md:16: review names "09-nowhere.md", which is not a lesson of this course',
				'exam.md:18: exam question has no 复习：<lesson file> line'
			]
		],
		['pool-too-large', ['exam.md:3: draw is 11, but the exam has only 10 questions']],
		['bad-file-name', ['2-Second.md:1: lesson file name must look like 03-vaccination.md']],
		['missing-sources', ['course.md:12: course.md must end with a <!-- 资料来源 ... --> comment']]
	])('%s', (fixture, expected) => {
		expect(check(fixture)).toEqual(expected.map((line) => `${root}/${fixture}/01-test-course/${line}`));
	});

	it('finds duplicate course and lesson slugs', () => {
		expect(check('duplicate-slug')).toEqual([
			`${root}/duplicate-slug/01-chickens/02-feed.md:1: lesson slug "feed" is also used by 01-feed.md`,
			`${root}/duplicate-slug/02-chickens/course.md:1: course slug "chickens" is also used by 01-chickens`
		]);
	});

	it('reports a missing folder', () => {
		expect(check('nowhere')).toEqual([`${root}/nowhere:1: folder does not exist`]);
	});

	it('refuses code and HTML that is not markdown or a documented block', () => {
		const attacks = 'tests/fixtures/attacks/content/courses';
		const braces = (found: string) =>
			`"${found}": curly braces { } are not allowed, the app would run what is between them as code. ` +
			'Write （ ） or 【 】 instead, or put the text in `backticks` to show it as code';
		const tag = (name: string) =>
			`<${name}> is not allowed: a course file may use markdown and the blocks Tip, Warning, Steps, Figure, Audio and Term (see content/README.md)`;
		expect(checkContent(attacks).map(formatProblem)).toEqual(
			[
				'01-script.md:6: <script> is not allowed: course files cannot contain code',
				`01-script.md:7: ${braces('{ readFileSync }')}`,
				`01-script.md:11: ${braces('{globalThis.zhizh')}`,
				`02-at-html.md:7: ${tag('img')}`,
				`02-at-html.md:7: ${braces(`{@html '<img src=`)}`,
				`03-iframe.md:8: ${tag('iframe')}`,
				`04-javascript-link.md:6: ${tag('a')}`,
				'04-javascript-link.md:8: link "javascript:void0" is not allowed: link to a lesson file like 02-feed.md or a web address starting with https://',
				'04-javascript-link.md:10: link "javascript:alert(2" is not allowed: link to a lesson file like 02-feed.md or a web address starting with https://',
				`05-handlers.md:6: ${tag('div')}`,
				'05-handlers.md:8: <Tip> cannot have "onclick": event handlers are code, which course files cannot contain',
				'05-handlers.md:10: <Figure> cannot have "onerror": event handlers are code, which course files cannot contain',
				'06-entities.md:6: "&#123;" is a character code: write the character itself, as you would type it',
				'07-style.md:6: <style> is not allowed: the app decides how lessons look',
				`07-style.md:7: ${braces('{ display: none; }')}`,
				`08-braces.md:6: ${braces('{1 + 1}')}`,
				`08-braces.md:8: ${braces('{#if true}')}`
			].map((line) => `${attacks}/01-attacks/${line}`)
		);
	});
});
