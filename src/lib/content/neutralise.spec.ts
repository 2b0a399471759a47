import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './format.js';
import { neutraliseMarkup, restoreNeutralised } from './neutralise.js';

describe('neutraliseMarkup', () => {
	it('keeps length and the documented blocks, comments and autolinks; stands in for the rest', () => {
		const body = '<Tip>{x}</Tip> <iframe> &#123; &amp; a&b <!-- c --> <https://e.com> <Figure\nsrc="a" />';
		const out = neutraliseMarkup(body);
		expect(out).toHaveLength(body.length);
		expect(out).toBe(
			'<Tip>\uE000x\uE001</Tip> \uE003iframe> \uE002#123; \uE002amp; a&b <!-- c --> <https://e.com> <Figure\nsrc="a" />'
		);
		expect(restoreNeutralised(out)).toBe(
			'<Tip>&#123;x&#125;</Tip> &lt;iframe> &amp;#123; &amp;amp; a&b <!-- c --> <https://e.com> <Figure\nsrc="a" />'
		);
	});

	it('stands in for look-alikes of the blocks and for script autolinks', () => {
		expect(neutraliseMarkup('<Tipx> <tip> <javascript:alert(1)> <Steps/>')).toBe(
			'\uE003Tipx> \uE003tip> \uE003javascript:alert(1)> <Steps/>'
		);
	});

	it('changes nothing in the shipped courses: they render as before', () => {
		const root = 'content/courses';
		for (const folder of readdirSync(root)) {
			for (const file of readdirSync(join(root, folder)).filter((name) => name.endsWith('.md'))) {
				const { body } = parseFrontMatter(readFileSync(join(root, folder, file), 'utf8'));
				expect(neutraliseMarkup(body), `${folder}/${file}`).toBe(body);
			}
		}
	});
});
