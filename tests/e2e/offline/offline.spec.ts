import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseFrontMatter, parseQuizBlocks } from '../../../src/lib/content/format.js';
import { newLearner, query, signIn } from '../helpers';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

const COURSE = 'raising-chickens';
const FOLDER = 'content/courses/01-raising-chickens';
const LESSONS = ['chicken-house', 'feed-and-water', 'vaccination', 'disease-signs', 'biosecurity', 'money'];

async function controlledByServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

const count = (sql: string, ...params: unknown[]) => query<{ n: number }>(sql, ...params)[0].n;

test('a saved course works offline: lessons and the exam done offline arrive once when back online', async ({
	page,
	context
}) => {
	test.slow();
	const learner = newLearner();
	await signIn(page, learner);
	await page.goto(`/courses/${COURSE}`);
	await controlledByServiceWorker(page);
	await page.getByRole('button', { name: '存到手机，离线学习' }).click();
	await expect(page.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 30_000 });
	const savedText = await page.getByText(/已存到手机（/).innerText();
	const [, amount, unit] = savedText.match(/（([\d.,]+)\s*(kB|MB|GB)/)!;
	const savedKb = Number(amount.replace(/,/g, '')) * { kB: 1, MB: 1024, GB: 1024 ** 2 }[unit as 'kB' | 'MB' | 'GB'];
	expect(savedKb).toBeLessThanOrEqual(2 * 1024);
	// The exam's ticket is personal: it is kept in the learner's own store, not in the saved pages anyone could read.
	const stored = await page.evaluate(async (course) => {
		const cache = await caches.open(`course:${course}`);
		const texts = [];
		for (const request of await cache.keys()) texts.push(await (await cache.match(request))!.text());
		return texts.join('\n');
	}, COURSE);
	expect(stored).toContain('exam');
	expect(stored).not.toMatch(/[a-z0-9]{24}\.[A-Za-z0-9_-]{43}/);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: '家庭养鸡' })).toBeVisible();

	for (const lesson of LESSONS.slice(0, -1)) {
		await page.goto(`/courses/${COURSE}/${lesson}`);
		await page.getByRole('button', { name: '这一课学完了' }).click();
		await expect(page.getByText('这一课已学完')).toBeVisible();
	}
	// The last one as a plain form post, as a phone sends it before its JavaScript runs (or without any):
	// the service worker keeps it in the outbox too.
	await page.goto(`/courses/${COURSE}/${LESSONS.at(-1)}`);
	// (Its action ends in #finish: the answer opens at the button, not at the top of the lesson.)
	await page.locator('form[action^="?/complete"]').evaluate((form: HTMLFormElement) => form.submit());
	await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/${LESSONS.at(-1)}(#finish)?$`));
	await expect(page.getByText('这一课已学完')).toBeVisible();
	await expect(page.getByText('6 条记录待同步')).toBeVisible();
	// A reload while offline keeps the outbox.
	await page.reload();
	await expect(page.getByText('6 条记录待同步')).toBeVisible();
	expect(
		count(`select count(*) as n from lesson_completions where user_id = ? and course_slug = ?`, learner.id, COURSE)
	).toBe(0);

	// The exam, offline: questions without answers came with the saved course.
	const { body, bodyStartLine } = parseFrontMatter(readFileSync(`${FOLDER}/exam.md`, 'utf8'));
	const key = parseQuizBlocks(body, { exam: true, bodyStartLine }).questions;
	await page.goto(`/courses/${COURSE}/exam`);
	const questions = page.locator('fieldset');
	await expect(questions.first()).toBeVisible();
	for (let i = 0; i < (await questions.count()); i++) {
		const fieldset = questions.nth(i);
		const text = (await fieldset.locator('legend .text').innerText()).trim();
		for (const option of key.find((q) => q.text === text)!.options.filter((o) => o.correct)) {
			await fieldset.getByLabel(option.text, { exact: true }).check();
		}
	}
	await page.getByRole('button', { name: '交卷' }).click();
	await expect(page.getByText(/已交卷。现在没有网络/)).toBeVisible();

	// Back online: everything is sent once, the exam is marked and the certificate appears.
	await context.setOffline(false);
	await expect(page.getByText('7 条记录待同步')).toHaveCount(0, { timeout: 20_000 });
	await expect
		.poll(
			() => count(`select count(*) as n from certificates where user_id = ? and course_slug = ?`, learner.id, COURSE),
			{
				timeout: 20_000
			}
		)
		.toBe(1);
	expect(
		count(`select count(*) as n from lesson_completions where user_id = ? and course_slug = ?`, learner.id, COURSE)
	).toBe(6);
	expect(
		count(
			`select count(*) as n from learning_events where user_id = ? and course_slug = ? and kind = 'lesson_completed'`,
			learner.id,
			COURSE
		)
	).toBe(6);
	expect(
		count(`select count(*) as n from exam_attempts where user_id = ? and course_slug = ?`, learner.id, COURSE)
	).toBe(1);
	await page.goto('/certificates');
	await expect(page.getByRole('heading', { level: 2, name: /家庭养鸡/ })).toBeVisible();
});
