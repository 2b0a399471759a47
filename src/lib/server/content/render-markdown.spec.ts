// The run-time renderer against the build: every shipped lesson and introduction, and every attack of the fixture,
// must come out exactly as lesson-html.ts gives it from the mdsvex-compiled component (vitest runs Vite's plugins).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Component } from 'svelte';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { interpretMarkup } from './markup-interpreter.ts';
import { courseIntroHtml, lessonHtml, renderLessonHtml } from './lesson-html.ts';
import { renderCourseMarkdown } from './render-markdown.ts';
import type { MediaFile } from './render-markdown.ts';

const ATTACKS = '/tests/fixtures/attacks/content/courses/01-attacks';
const sources = import.meta.glob<string>(
	['/content/courses/*/*.md', '/tests/fixtures/attacks/content/courses/01-attacks/*.md', '!**/exam.md'],
	{
		query: '?raw',
		import: 'default',
		eager: true
	}
);
const urls = import.meta.glob<string>(
	[
		'/content/courses/*/*.{svg,png,jpg,jpeg,webp,mp3,m4a,ogg}',
		'/tests/fixtures/attacks/content/courses/01-attacks/*.{svg,png,jpg,jpeg,webp,mp3,m4a,ogg}'
	],
	{ query: '?url', import: 'default', eager: true }
);
const attackComponents = import.meta.glob<{ default: Component }>(
	'/tests/fixtures/attacks/content/courses/01-attacks/*.md'
);

/** The folder's media as the studio would hand them over: the URL the build gives each file, and its bytes. */
function mediaOf(directory: string): Record<string, MediaFile> {
	const entries = Object.entries(urls)
		.filter(([key]) => key.startsWith(`${directory}/`))
		.map(([key, url]) => [key.slice(directory.length + 1), { url, bytes: readFileSync(join(process.cwd(), key)) }]);
	return Object.fromEntries(entries);
}

const render = (key: string) => {
	const directory = key.slice(0, key.lastIndexOf('/'));
	const [folder, file] = key.split('/').slice(-2);
	return renderCourseMarkdown(sources[key], { folder, file, media: mediaOf(directory) });
};

const shipped = Object.keys(sources).filter((key) => key.startsWith('/content/'));

describe('renderCourseMarkdown gives the build-time HTML', () => {
	it('covers all three shipped courses', () => {
		expect(new Set(shipped.map((key) => key.split('/')[3])).size).toBeGreaterThanOrEqual(3);
		expect(shipped.length).toBeGreaterThan(20);
	});

	it.each(shipped)('%s', async (key) => {
		const [folder, file] = key.split('/').slice(-2);
		const courseSlug = folder.replace(/^\d{2}-/, '');
		const built =
			file === 'course.md'
				? await courseIntroHtml(courseSlug)
				: await lessonHtml(courseSlug, file.replace(/^\d{2}-/, '').replace(/\.md$/, ''));
		expect(built).toMatch(/^<p>/);
		expect(await render(key)).toBe(built);
	});

	it('renders each in well under a quarter of a second, even on a busy machine', async () => {
		const started = performance.now();
		for (const key of shipped) await render(key);
		const ms = performance.now() - started;
		console.info(`renderCourseMarkdown: ${shipped.length} shipped files in ${ms.toFixed(0)} ms`);
		expect(ms / shipped.length).toBeLessThan(250);
	});
});

// Markdown the shipped courses do not use yet, compiled by Vite from a scratch folder (tests/.tmp is ignored by git).
const SAMPLE = `---
title: 样例
minutes: 3
---

# 标题

段落 **粗** *斜* ~~删~~ \`代码 {x} <b>\` 和[上一课](02-b.md#top)与 <https://example.com>。

> 引用，   多个   空格

| 列 | 数 |
| :-- | --: |
| a | 1 |

- [x] 完成
- [ ] 未完成

3. 三
4. 四

句子里的图 ![鸡](hen.svg) 在这里。

![鸡舍](hen.svg)

<Tip>

有 <Term word="词">解释 **粗**</Term> 的小窍门。

</Tip>

<Figure src="hen.svg" alt="母鸡" caption="图" width="10" height="20" />

~~~js
const a = { b: \`c\\\\n\` };
~~~

<Audio src="a.mp3" title="听" />

\`\`\`quiz
单选：一？
- [x] 对
- [ ] 错
解释：因为。
\`\`\`

中间。

\`\`\`quiz
判断：二？
- [x] ![鸡](hen.svg)
- [ ] 错
解释：所以。
\`\`\`
`;

describe('renderCourseMarkdown on markdown beyond the shipped courses', () => {
	const scratch = `tests/.tmp/render-markdown-${process.pid}`;
	const folder = join(scratch, 'content/courses/01-samples');
	afterAll(() => rmSync(scratch, { recursive: true, force: true }));

	it('gives the build-time HTML, but for the second quiz\u2019s ids', async () => {
		mkdirSync(folder, { recursive: true });
		writeFileSync(join(folder, '01-sample.md'), SAMPLE);
		copyFileSync('content/courses/01-raising-chickens/hen.svg', join(folder, 'hen.svg'));
		writeFileSync(join(folder, 'a.mp3'), new Uint8Array([0xff, 0xfb, 0x90, 0x64]));
		const built = renderLessonHtml((await import(/* @vite-ignore */ `/${folder}/01-sample.md`)).default);
		// The URLs the build's own imports give (Vite may inline a small picture as a data: URL).
		const url = async (name: string) => (await import(/* @vite-ignore */ `/${folder}/${name}`)).default as string;
		const media = {
			'hen.svg': { url: await url('hen.svg'), bytes: readFileSync(join(folder, 'hen.svg')) },
			'a.mp3': { url: await url('a.mp3') }
		};
		const html = await renderCourseMarkdown(SAMPLE, { folder: '01-samples', file: '01-sample.md', media });
		// The build renders the lesson as one component, whose $props.id() counter gives the second quiz s2; here
		// each block is rendered on its own, so the second quiz gets a prefix instead (see markup-interpreter.ts).
		expect(html).toContain('practicequiz2-s1-title');
		expect(html.replaceAll('practicequiz2-s1', 's2')).toBe(built);
		expect(built).toMatch(/<table>[\s\S]*<pre class="language-js"><code class="language-js">/);
	});
});

describe('a course file cannot run code or reach readers as live HTML', () => {
	const attacks = Object.keys(sources).filter((key) => key.startsWith(ATTACKS));

	it.each(attacks)('%s renders as the build renders it', async (key) => {
		const built = renderLessonHtml((await attackComponents[key]()).default);
		expect(await render(key)).toBe(built);
	});

	const tags = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];
	const lesson = (body: string) =>
		renderCourseMarkdown(`---\ntitle: 攻击\nminutes: 1\n---\n\n${body}\n`, {
			folder: '01-attacks',
			file: '01-attack.md',
			media: {}
		});

	const inert = async <T>(run: () => Promise<T>) => {
		const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
		try {
			return await run();
		} finally {
			expect(exit).not.toHaveBeenCalled();
			exit.mockRestore();
			expect((globalThis as { zhizhiAttack?: number }).zhizhiAttack).toBeUndefined();
		}
	};

	it.each([
		['<script>globalThis.zhizhiAttack = 1</script>', '<script>'],
		['{globalThis.zhizhiAttack = 1}', '{globalThis.zhizhiAttack = 1}'],
		['{process.exit()}', '{process.exit()}'],
		[`{@html '<img src=x onerror="globalThis.zhizhiAttack = 1">'}`, '{@html'],
		['<svelte:head><script>globalThis.zhizhiAttack = 1</script></svelte:head>', '<svelte:head>'],
		['{#if true}是{/if}', '{#if true}'],
		['<Tip onclick="globalThis.zhizhiAttack = 1">小窍门。</Tip>', '小窍门。'],
		['<div onclick="globalThis.zhizhiAttack = 1">点我</div>', '点我'],
		['[点这里领奖](javascript:alert(1))', '点这里领奖'],
		['<Evil />', '<Evil />'],
		['<Tip>{@html `<img src=x onerror=alert(1)>`}</Tip>', '{@html']
	])('%s runs nothing and shows as text', async (body, shown) => {
		const html = await inert(() => lesson(body));
		expect(DomUtils.textContent(parseDocument(html))).toContain(shown);
		expect(tags(html).filter((tag) => /^<(script|style|iframe|img)|\son[a-z]+\s*=|javascript:/i.test(tag))).toEqual([]);
	});

	// Two places where mdsvex writes trainer text into code, which the compiled build would run: a fence's
	// language (only ``` fences forbid a backtick in it) and front-matter keys (mdsvex destructures them).
	it('a fence language that breaks out of mdsvex\u2019s {@html `...`} fails instead of running', async () => {
		await inert(() => expect(lesson('~~~x`+process.exit(7)+`\ncode\n~~~')).rejects.toThrow(/\{@html\}/));
	});

	it('front matter is never run', async () => {
		const source = '---\ntitle: 键\nminutes: 1\n"y = process.exit(3)": 1\n---\n\n正文\n';
		const html = await inert(() => renderCourseMarkdown(source, { folder: '01-x', file: '01-a.md', media: {} }));
		expect(html).toBe('<p>正文</p>');
	});
});

describe('markup the preprocessor never writes fails loudly instead of running', () => {
	const script = `<script>import __m0 from './hen.svg'; const __q0 = [{"id":"q1","image":{"src":__m0}}];</script>\n`;
	const media = { 'hen.svg': { url: '/hen.svg' } };
	const interpret = (markup: string) => () => interpretMarkup(script + markup, 'x/01-a.md', media, {});

	it('reads the preprocessor\u2019s own shapes', () => {
		const markup = `<p>a</p>\n<div data-questions={JSON.stringify(__q0)}><img src={__m0} width={3} alt="" /></div>`;
		expect(interpret(markup)()).toBe(
			'<p>a</p> <div data-questions="[{&quot;id&quot;:&quot;q1&quot;,&quot;image&quot;:{&quot;src&quot;:&quot;/hen.svg&quot;}}]"><img src="/hen.svg" width="3" alt=""/></div>'
		);
	});

	it.each([
		['{process.exit()}', /ExpressionTag/],
		[`{@html '<img>'}`, /\{@html\}/],
		['<svelte:head></svelte:head>', /SvelteHead/],
		['{#if true}a{/if}', /IfBlock/],
		['<Evil />', /<Evil>/],
		['<p {...globalThis}>a</p>', /SpreadAttribute/],
		['<p title={globalThis.key}>a</p>', /this expression/],
		['<p title="a{__m0}">a</p>', /text and \{\}/],
		['<img src={__m1} alt="" />', /this expression/],
		['<p use:globalThis.fetch>a</p>', /UseDirective/],
		['<p><script>alert(1)</script></p>', /<script>/]
	])('%s', (markup, message) => {
		expect(interpret(markup)).toThrow(message);
		// The error says where in the markup (line 3 here), for render-failure.ts to find the source's line.
		const refused = (() => {
			try {
				interpret(`<p>a</p>\n${markup}`)();
			} catch (error) {
				return error as Error & { position?: [number, number] };
			}
		})();
		expect(refused?.message).toMatch(/^x\/01-a\.md: /);
		const at = refused?.position?.[0] ?? -1;
		expect((script + `<p>a</p>\n${markup}`).slice(0, at).split('\n')).toHaveLength(3);
	});

	it.each([
		[`import { readFileSync } from 'node:fs';`, /this import/],
		[`import __m1 from './gone.svg';`, /gone\.svg/],
		[`const __q1 = globalThis.process;`, /this expression/],
		[`const __q1 = [(() => 1)()];`, /this expression/],
		[`const __q1 = { [globalThis.key]: 1 };`, /this property/],
		[`let __q1 = 1;`, /VariableDeclaration/],
		[`globalThis.zhizhiAttack = 1;`, /ExpressionStatement/]
	])('<script>%s</script>', (statement, message) => {
		expect(() => interpretMarkup(`<script>${statement}</script>\n<p>a</p>`, 'x/01-a.md', media, {})).toThrow(message);
		expect((globalThis as { zhizhiAttack?: number }).zhizhiAttack).toBeUndefined();
	});

	it('never renders an exam', async () => {
		await expect(renderCourseMarkdown('', { folder: 'x', file: 'exam.md', media: {} })).rejects.toThrow(/exam/);
	});
});
