import { Parser } from 'htmlparser2';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { getCourse, listCourses } from '$lib/server/content';
import { loadCourseIntro, loadLesson } from './compiled.ts';
import { renderLessonHtml } from './lesson-html.ts';
import { sanitizeLessonHtml } from './sanitize.ts';

/** HTML as what a browser builds from it: tags with sorted attributes and text, entities decoded, no comments. */
function tokens(html: string): string[] {
	const out: string[] = [];
	let text = '';
	const flush = () => {
		if (text) out.push(`text ${text}`);
		text = '';
	};
	const parser = new Parser(
		{
			onopentag(name, attributes) {
				flush();
				const sorted = Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1));
				out.push(`<${name} ${JSON.stringify(sorted)}>`);
			},
			ontext(data) {
				text += data;
			},
			onclosetag(name) {
				flush();
				out.push(`</${name}>`);
			}
		},
		{ decodeEntities: true, lowerCaseAttributeNames: false }
	);
	parser.end(html);
	flush();
	return out;
}

describe('sanitizeLessonHtml', async () => {
	const files = [];
	for (const course of await listCourses()) {
		files.push([course.slug, 'course.md', () => loadCourseIntro(course.slug)] as const);
		for (const lesson of (await getCourse(course.slug))?.lessons ?? [])
			files.push([course.slug, lesson.file, () => loadLesson(course.slug, lesson.slug)] as const);
	}

	it.each(files)('%s/%s renders exactly as before the allowlist', async (_course, _file, load) => {
		const component = await load();
		expect(component).not.toBeNull();
		const html = render(component!).body;
		expect(tokens(renderLessonHtml(component!))).toEqual(tokens(html));
	});

	it.each([
		['<p>a</p><script>fetch("/x")</script>', '<p>a</p>'],
		['<img src="x.svg" alt="a" onerror="alert(1)" />', '<img src="x.svg" alt="a" />'],
		['<DIV ONCLICK="alert(1)">点我</DIV>', '<div>点我</div>'],
		['<iframe src="https://example.com"></iframe><p>b</p>', '<p>b</p>'],
		['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
		['<a href=" JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
		['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
		['<a href="https://example.com/a?b=1&amp;c=2">x</a>', '<a href="https://example.com/a?b=1&amp;c=2">x</a>'],
		['<img src="https://tracker.example/p.gif" alt="a" />', '<img alt="a" />'],
		['<img src="//tracker.example/p.gif" alt="a" />', '<img alt="a" />'],
		['<style>body{display:none}</style><p>c</p>', '<p>c</p>'],
		['<img src="a.svg" alt="a" style="position:fixed;inset:0" />', '<img src="a.svg" alt="a" />'],
		['<svelte-css-wrapper style="display:contents;--x:red"><p>d</p></svelte-css-wrapper>', '<p>d</p>'],
		['<p class="box login-form">e</p>', '<p class="box">e</p>'],
		[
			'<form action="/login"><input name="password" type="password" /></form>',
			'<input name="password" type="password" />'
		],
		['<object data="x.swf"></object><embed src="x.swf" /><base href="https://example.com/" />', '']
	])('%s', (html, expected) => {
		expect(sanitizeLessonHtml(html)).toBe(expected);
	});
});
