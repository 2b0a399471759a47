import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './format.js';
import { hasText, markupProblems } from './markup.js';

const problems = (body: string) => markupProblems(body).map((p) => `${p.line}: ${p.message}`);

describe('markupProblems', () => {
	it.each([
		['plain words, **markdown**, [a link](02-feed.md) and [a site](https://example.com/?a=1&b=2)'],
		['温度 < 30 度，a<b，1 <2'],
		['<Tip>小窍门</Tip>\n\n<Warning>\n当心\n</Warning>\n\n<Steps>\n\n1. 一\n\n</Steps>'],
		['<Figure src="hen.svg" alt="母鸡" caption="母鸡" width="200" height="100" />'],
		['<Audio src="a.mp3" title="听" />\n\n<Term word="免疫">意思</Term>'],
		['在代码里写 `{x}` 和 `<b>`，或者 ``a ` {b}``'],
		['```text\n{#if x} <script> &#123;\n```'],
		['<!-- 资料来源\n- {note} <b> https://example.com/?a&amp;b\n-->'],
		['<https://example.com/a> <mailto:a@example.com>']
	])('allows %s', (body) => {
		expect(problems(body)).toEqual([]);
	});

	it.each([
		['<script>\nlet a = 1;\n</script>', ['1: <script> is not allowed: course files cannot contain code']],
		['<SCRIPT src="x.js"></SCRIPT>', ['1: <script> is not allowed: course files cannot contain code']],
		[
			'<style>p {}</style>',
			['1: <style> is not allowed: the app decides how lessons look', expect.stringMatching(/^1: "\{\}": curly braces/)]
		],
		[
			'<iframe src="https://example.com"></iframe>',
			[expect.stringMatching(/^1: <iframe> is not allowed: a course file may use markdown and the blocks Tip/)]
		],
		['text\n\n</div>', [expect.stringMatching(/^3: <div> is not allowed/)]],
		['<svelte:head><title>x</title></svelte:head>', [expect.stringMatching(/^1: <svelte:head> is not allowed/)]],
		[
			'a {1 + 1} b',
			[
				'1: "{1 + 1}": curly braces { } are not allowed, the app would run what is between them as code. Write （ ） or 【 】 instead, or put the text in `backticks` to show it as code'
			]
		],
		['{@html x}', [expect.stringMatching(/^1: "\{@html x\}": curly braces/)]],
		['one\n{#if x}\ntwo\n{/if}', [expect.stringMatching(/^2: "\{#if x\}"/), expect.stringMatching(/^4: "\{\/if\}"/)]],
		['<Figure src="a.svg" alt="{x}" />', [expect.stringMatching(/^1: "\{x\}"/)]],
		[
			'<Tip onclick="alert(1)">x</Tip>',
			['1: <Tip> cannot have "onclick": event handlers are code, which course files cannot contain']
		],
		[
			'<Figure src="a.svg" alt="a"\n  OnError="alert(1)" />',
			['2: <Figure> cannot have "OnError": event handlers are code, which course files cannot contain']
		],
		[
			'<Figure src="a.svg" alt="a" style="x" />',
			['1: <Figure> has no setting "style"; it takes src, alt, caption, width, height']
		],
		['<Steps class="x">\n\n1. a\n\n</Steps>', ['1: <Steps> has no setting "class"; it takes none']],
		[
			'[点这里](javascript:alert(1))',
			[
				'1: link "javascript:alert(1" is not allowed: link to a lesson file like 02-feed.md or a web address starting with https://'
			]
		],
		[
			'[点这里]( JavaScript:alert(1))\n\n[x]: vbscript:msgbox',
			[expect.stringMatching(/^1: link "JavaScript:/), expect.stringMatching(/^3: link "vbscript:msgbox"/)]
		],
		['<javascript:alert(1)>', [expect.stringMatching(/^1: link "javascript:alert\(1\)" is not allowed/)]],
		['<Audio src="javascript:alert(1)" />', [expect.stringMatching(/^1: link "javascript:/)]],
		[
			'&#123;@html x&#125; &lbrace;',
			['1: "&#123;" is a character code: write the character itself, as you would type it']
		]
	])('refuses %s', (body, expected) => {
		expect(problems(body)).toEqual(expected);
	});

	it('counts lines from the body start', () => {
		expect(markupProblems('a\n<iframe>', 7).map((p) => p.line)).toEqual([8]);
	});
});

it('the shipped courses follow the rule', () => {
	const root = 'content/courses';
	for (const folder of readdirSync(root)) {
		for (const file of readdirSync(join(root, folder)).filter((name) => name.endsWith('.md'))) {
			const { body } = parseFrontMatter(readFileSync(join(root, folder, file), 'utf8'));
			expect(markupProblems(body), `${folder}/${file}`).toEqual([]);
		}
	}
});

describe('hasText', () => {
	it.each([
		['鸡舍要朝南。', true],
		['<Tip>小心</Tip>', true],
		['', false],
		['<Figure src="a.svg" alt="封面" />\n\n![图](b.svg)\n\n<!-- 以后再写 -->', false],
		['```quiz\n判断：对吗？\n- [x] 对\n- [ ] 错\n解释：对。\n```', false]
	])('%s → %s', (body, expected) => {
		expect(hasText(body)).toBe(expected);
	});
});
