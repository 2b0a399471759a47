// Course files are content, never code: each lesson of the attack fixture tries one way to run code or to put
// live HTML in front of every reader. They go through the same pipeline as the shipped lessons (Vite runs the
// course preprocessor, mdsvex and Svelte on them) and are rendered the way the lesson page gets them.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Component } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { renderLessonHtml } from './lesson-html.ts';

const lessons = import.meta.glob<{ default: Component }>(
	'/tests/fixtures/attacks/content/courses/01-attacks/[0-9][0-9]-*.md'
);
const lessonHtml = async (file: string) => {
	const load = lessons[`/tests/fixtures/attacks/content/courses/01-attacks/${file}`];
	if (!load) throw new Error(`no fixture ${file}`);
	return renderLessonHtml((await load()).default);
};
/** Attributes of tags only (text that merely shows an attack as words is fine). */
const tags = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];
const globals = globalThis as { zhizhiStolenKey?: string };

describe('a course file cannot run code or reach readers as live HTML', () => {
	afterEach(() => {
		delete globals.zhizhiStolenKey;
	});

	it('a <script> does not run on the server and reads no file', async () => {
		const html = await lessonHtml('01-script.md');
		expect(globals.zhizhiStolenKey).toBeUndefined();
		expect(html).not.toContain('SIGNING-KEY-MATERIAL');
		expect(html).toContain('readFileSync');
	});

	it('{@html} is shown as text, not as HTML', async () => {
		const html = await lessonHtml('02-at-html.md');
		expect(tags(html).filter((tag) => /^<img/i.test(tag))).toEqual([]);
		expect(html).toContain('{@html');
	});

	it('an <iframe> is not embedded', async () => {
		const html = await lessonHtml('03-iframe.md');
		expect(tags(html).filter((tag) => /^<iframe/i.test(tag))).toEqual([]);
	});

	it('no javascript: link survives', async () => {
		const html = await lessonHtml('04-javascript-link.md');
		expect(tags(html).filter((tag) => /=\s*["']?\s*javascript:/i.test(tag))).toEqual([]);
		expect(html).toContain('点这里领奖');
	});

	it('event-handler attributes do not reach the page', async () => {
		const html = await lessonHtml('05-handlers.md');
		expect(tags(html).filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
		expect(html).toContain('小窍门。');
	});

	it('braces written as character references stay text', async () => {
		const html = await lessonHtml('06-entities.md');
		expect(tags(html).filter((tag) => /^<img/i.test(tag))).toEqual([]);
	});

	it('a <style> cannot restyle the app: it is shown as text', async () => {
		const html = await lessonHtml('07-style.md');
		expect(html).toContain(':global(body)');
	});

	it('braces and blocks are shown as written, never evaluated', async () => {
		const html = await lessonHtml('08-braces.md');
		expect(html).toContain('{1 + 1}');
		expect(html).toContain('{#if true}');
	});

	it('braces and tags in code show exactly as written', async () => {
		const html = await lessonHtml('09-code.md');
		const codes = DomUtils.getElementsByTagName('code', parseDocument(html));
		const text = codes.map((code) => DomUtils.textContent(code).trim());
		expect(text).toEqual(['{1 + 1}', '<script>', '{#if true} <iframe> &#123; a & b']);
	});
});
