import { describe, expect, it } from 'vitest';
import { courseAfterMdsvex, coursePreprocess, transformCourseMarkdown } from './preprocess.js';

const path = '/repo/content/courses/01-raising-chickens/02-feed.md';
const lesson = [
	'---',
	'title: 喂料',
	'minutes: 8',
	'---',
	'',
	'![鸡舍 "南"](house.svg)',
	'',
	'看 ![小图](small.png) 和 [上一课](01-chicken-house.md) 与 [外面](https://example.com)。',
	'',
	'<Figure src="hen.svg" alt="母鸡" />',
	'<Audio src="https://example.com/a.mp3" />',
	'',
	'```quiz',
	'单选：</script>{问}？',
	'- [x] ![公鸡](rooster.svg)',
	'- [ ] 母鸡',
	'解释：因为。',
	'```',
	'end'
].join('\n');

describe('transformCourseMarkdown', () => {
	const out = transformCourseMarkdown(lesson, path);
	const lines = out.split('\n');

	it('keeps the front matter first and injects one script line after it', () => {
		expect(lines.slice(0, 4)).toEqual(lesson.split('\n').slice(0, 4));
		expect(lines[4]).toMatch(/^<script>import \{ Tip, Warning, Steps, Figure, Audio, Term, PracticeQuiz \} from/);
		expect(lines[4]).toMatch(/<\/script>$/);
		expect(lines).toHaveLength(lesson.split('\n').length + 1);
		expect(lines.at(-1)).toBe('end');
	});

	it('imports each local media file once and references it', () => {
		const script = lines[4];
		expect(script).toContain("import __m0 from './house.svg';");
		expect(script).toContain("import __m1 from './small.png';");
		expect(script).toContain("import __m2 from './hen.svg';");
		expect(script).toContain("import __m3 from './rooster.svg';");
		expect(script).not.toContain('example.com');
		expect(lines[6]).toBe('<Figure src={__m0} alt="鸡舍 &quot;南&quot;" />');
		expect(lines[8]).toContain(
			'<img src={__m1} alt="小图" loading="lazy" decoding="async" style="max-width:100%;height:auto" />'
		);
		expect(lines[10]).toBe('<Figure src={__m2} alt="母鸡" />');
		expect(lines[11]).toBe('<Audio src="https://example.com/a.mp3" />');
	});

	it('rewrites lesson links to app URLs and leaves others alone', () => {
		expect(lines[8]).toContain('[上一课](/courses/raising-chickens/chicken-house)');
		expect(lines[8]).toContain('[外面](https://example.com)');
	});

	it('replaces the quiz with a component whose data cannot break out of the script', () => {
		expect(lines[13]).toBe(
			'<div class="practice" data-questions={JSON.stringify(__q0)}><PracticeQuiz questions={__q0} /></div>'
		);
		expect(lines.slice(14, 19)).toEqual(['', '', '', '', '']);
		const script = lines[4];
		expect(script).not.toContain('</script>{');
		const data = script.slice(script.indexOf('const __q0 = ') + 13, script.lastIndexOf(';</script>'));
		const questions = new Function('__m3', `return ${data};`)('/rooster.hash.svg');
		expect(questions).toEqual([
			{
				id: 'q1',
				type: 'single',
				text: '</script>{问}？',
				options: [
					{ id: 'a', text: '', image: { src: '/rooster.hash.svg', alt: '公鸡' }, correct: true },
					{ id: 'b', text: '母鸡', correct: false }
				],
				explanation: '因为。'
			}
		]);
	});

	it('gives a picture its own width and height when they are known, so its room is kept before it loads', () => {
		const sizes: Record<string, { width: number; height: number }> = { 'house.svg': { width: 320, height: 220 } };
		const sized = transformCourseMarkdown(lesson, path, (src) => sizes[src] ?? null).split('\n');
		expect(sized[6]).toBe('<Figure src={__m0} alt="鸡舍 &quot;南&quot;" width={320} height={220} />');
		expect(sized[8]).toContain('<img src={__m1} alt="小图" loading="lazy"');
	});

	it('sizes a picture written as a <Figure> tag too, and keeps a size the author gave', () => {
		const source =
			'---\ntitle: x\n---\n<Figure src="house.svg" alt="鸡舍" />\n<Figure src="house.svg" width="100" alt="小" />';
		const sized = transformCourseMarkdown(source, path, () => ({ width: 320, height: 220 })).split('\n');
		expect(sized.at(-2)).toBe('<Figure src={__m0} width={320} height={220} alt="鸡舍" />');
		expect(sized.at(-1)).toBe('<Figure src={__m0} width="100" alt="小" />');
	});

	it("turns an author's script, braces and stray tags into stand-ins for text, never into code", () => {
		const own = transformCourseMarkdown(
			'---\ntitle: x\n---\n<script>\n\tlet a = {b: 1};\n</script>\n<Tip>{@html x} &#123;</Tip> `{c}`',
			path
		);
		expect(own.match(/<script>/g)).toHaveLength(1);
		expect(own.split('\n')[3]).toMatch(/^<script>import \{ Tip/);
		expect(own.split('\n').slice(4)).toEqual([
			'\uE003script>',
			'\tlet a = \uE000b: 1\uE001;',
			'\uE003/script>',
			'<Tip>\uE000@html x\uE001 \uE002#123;</Tip> `\uE000c\uE001`'
		]);
	});
});

describe('coursePreprocess', () => {
	const markup = (content: string, filename: string) =>
		(coursePreprocess().markup as (o: { content: string; filename: string }) => unknown)({ content, filename });

	it('leaves other files alone', () => {
		expect(markup('x', '/repo/src/routes/+page.svelte')).toBeUndefined();
		expect(markup('x', '/repo/docs/notes.md')).toBeUndefined();
	});
	it('refuses to compile an exam', () => {
		expect(() => markup('x', '/repo/content/courses/01-a/exam.md')).toThrow(/exam.md must never be compiled/);
		expect(() => markup('x', 'C:\\repo\\content\\courses\\01-a\\exam.md')).toThrow(/exam.md/);
	});
	it('transforms course files', () => {
		expect(markup('text', path)).toEqual({ code: expect.stringContaining('<script>import') });
	});
	it('turns the module script mdsvex writes into a Svelte 5 one, and stand-ins into text', () => {
		const fix = courseAfterMdsvex().markup as (o: { content: string; filename: string }) => unknown;
		expect(fix({ content: '<script context="module">x</script>', filename: path })).toEqual({
			code: '<script module>x</script>'
		});
		expect(fix({ content: '<p>\uE003a \uE000b\uE001 \uE002c</p>', filename: path })).toEqual({
			code: '<p>&lt;a &#123;b&#125; &amp;c</p>'
		});
	});
});
