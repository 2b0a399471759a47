import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './format.js';
import { hasText, markupProblems } from './markup.js';

// Each problem as `line: code` and the values its message names, in order.
const problems = (body: string) =>
	markupProblems(body).map((p) => [`${p.line}: ${p.code}`, ...Object.values(p.params ?? {})].join(' | '));

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
		['<script>\nlet a = 1;\n</script>', ['1: markup_script']],
		['<SCRIPT src="x.js"></SCRIPT>', ['1: markup_script']],
		['<style>p {}</style>', ['1: markup_style', '1: markup_braces | {}']],
		['<iframe src="https://example.com"></iframe>', ['1: markup_tag | iframe']],
		['text\n\n</div>', ['3: markup_tag | div']],
		['<svelte:head><title>x</title></svelte:head>', ['1: markup_tag | svelte:head']],
		['a {1 + 1} b', ['1: markup_braces | {1 + 1}']],
		['{@html x}', ['1: markup_braces | {@html x}']],
		['one\n{#if x}\ntwo\n{/if}', ['2: markup_braces | {#if x}', '4: markup_braces | {/if}']],
		['<Figure src="a.svg" alt="{x}" />', ['1: markup_braces | {x}']],
		['<Tip onclick="alert(1)">x</Tip>', ['1: markup_handler | Tip | onclick']],
		['<Figure src="a.svg" alt="a"\n  OnError="alert(1)" />', ['2: markup_handler | Figure | OnError']],
		[
			'<Figure src="a.svg" alt="a" style="x" />',
			['1: markup_setting | Figure | style | src, alt, caption, width, height']
		],
		['<Steps class="x">\n\n1. a\n\n</Steps>', ['1: markup_setting_none | Steps | class']],
		['[点这里](javascript:alert(1))', ['1: markup_link | javascript:alert(1']],
		[
			'[点这里]( JavaScript:alert(1))\n\n[x]: vbscript:msgbox',
			['1: markup_link | JavaScript:alert(1', '3: markup_link | vbscript:msgbox']
		],
		['<javascript:alert(1)>', ['1: markup_link | javascript:alert(1)']],
		['<Audio src="javascript:alert(1)" />', ['1: markup_link | javascript:alert(1)']],
		['[a](javascript:alert(document.cookie+1234567))', ['1: markup_link | javascript:alert(documen']],
		['&#123;@html x&#125; &lbrace;', ['1: markup_reference | &#123;']]
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
