import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCKS } from '../../content/markup.js';
import { CHECKER_CODES, type FileProblem } from '../../content/problems.js';
import { checkAndCompileContent } from './check.ts';
import { localeOfEnvironment, problemText } from './problem-text.ts';

type Catalogue = Record<string, unknown>;
const catalogue = (locale: string): Catalogue =>
	JSON.parse(readFileSync(join(process.cwd(), `src/lib/i18n/messages/checker/${locale}.json`), 'utf8'));
const LOCALES = ['zh-CN', 'en'] as const;

/** The names a message's placeholders use (a message with variants: those of all its variants). */
const placeholders = (message: unknown) =>
	[...new Set(JSON.stringify(message).match(/(?<!\\)\{(\w+)\}/g) ?? [])].map((p) => p.slice(1, -1)).sort();

describe('the checker catalogue', () => {
	const en = catalogue('en');

	it.each(LOCALES)('%s has words for every code, and nothing else', (locale) => {
		const keys = Object.keys(catalogue(locale)).filter((k) => k !== '$schema' && !k.startsWith('checker_cli_'));
		expect(keys.sort()).toEqual(CHECKER_CODES.map((code) => `checker_${code}`).sort());
	});

	it('gives each message the same placeholders in both languages', () => {
		const zh = catalogue('zh-CN');
		for (const key of Object.keys(en)) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
	});

	it.each(LOCALES)('fills every placeholder of every code in %s', (locale) => {
		for (const code of CHECKER_CODES) {
			const names = placeholders(en[`checker_${code}`]);
			const params = Object.fromEntries(names.map((name, i) => [name, `«${name}${i}»`]));
			const text = problemText({ line: 1, code, params }, locale);
			expect(text.trim(), code).not.toBe('');
			for (const name of names) expect(text, `${code}: ${name}`).toContain(`«${name}${names.indexOf(name)}»`);
			expect(text, code).not.toMatch(/\{\w+\}|undefined/);
		}
	});

	it('says it in the language asked for', () => {
		const problem = { line: 3, code: 'question_no_explanation' } as const;
		expect(problemText(problem, 'en')).toBe('question has no explanation (解释：)');
		expect(problemText(problem, 'zh-CN')).toBe('这道题没有写解释。请加一行“解释：……”。');
		const options = (count: number) => problemText({ line: 1, code: 'question_option_count', params: { count } }, 'en');
		expect(options(1)).toBe('question has 1 option; it needs 2 to 6');
		expect(options(7)).toBe('question has 7 options; it needs 2 to 6');
	});

	it('names every block a course file may use, in both languages', () => {
		for (const locale of LOCALES) {
			const text = problemText({ line: 1, code: 'markup_tag', params: { tag: 'div' } }, locale);
			for (const block of Object.keys(BLOCKS)) expect(text, locale).toContain(block);
		}
	});
});

describe('what the checker finds', () => {
	it('passes each message exactly the values it names', async () => {
		const roots = [
			...readdirSync('tests/fixtures/content').map((f) => `tests/fixtures/content/${f}`),
			'tests/fixtures/attacks/content/courses'
		];
		const found: FileProblem[] = [];
		for (const root of roots) found.push(...(await checkAndCompileContent(root)));
		expect(new Set(found.map((p) => p.code)).size).toBeGreaterThan(20);
		const en = catalogue('en');
		for (const problem of found) {
			expect(Object.keys(problem.params ?? {}).sort(), problem.code).toEqual(
				placeholders(en[`checker_${problem.code}`])
			);
		}
	});
});

describe('localeOfEnvironment', () => {
	it.each([
		[{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
		[{ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_TW.UTF-8' }, 'zh-CN'],
		[{ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }, 'en'],
		[{ LC_ALL: 'zh_CN.GB18030' }, 'zh-CN'],
		[{ LANG: 'C.UTF-8' }, 'en'],
		[{ LC_ALL: '', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
		[{}, 'en']
	])('%o → %s', (env, locale) => {
		expect(localeOfEnvironment(env)).toBe(locale);
	});
});
