import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { parseFrontMatter, parseQuizBlocks } from '../../../src/lib/content/format.js';
import { apiAs, newLearner, signIn, type Learner } from '../helpers';
import { controlledByServiceWorker } from '../offline/phone';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// Issue 16, learners: the weekly goal and calendar (offline too), the sync badge, praise after a lesson, and what
// an exam's result says next. At 360 px (the project's viewport).
const COURSE = 'phone-safety';
const LESSONS = [
	'mobile-payment',
	'common-scams',
	'stop-scams',
	'personal-info',
	'passwords-updates',
	'selling-online'
];

/** Today in China, as the calendar names it ("2026年11月30日"). */
const chinaToday = () =>
	new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(new Date());

/** Lessons done through the lesson form, as a phone without JavaScript sends them. */
async function completeLessons(api: APIRequestContext, lessons: string[]) {
	for (const lesson of lessons) {
		const html = await (await api.get(`/courses/${COURSE}/${lesson}`)).text();
		const eventId = html.match(/name="eventId" value="([^"]+)"/)![1];
		const contentVersion = html.match(/name="contentVersion" value="([^"]+)"/)![1];
		const done = await api.post(`/courses/${COURSE}/${lesson}?/complete`, {
			form: { eventId, contentVersion },
			maxRedirects: 0
		});
		expect(done.status()).toBe(200);
	}
}

/** The exam's right options by question id, read from the course file as the server does. */
function examKey() {
	const file = readFileSync('content/courses/03-phone-safety/exam.md', 'utf8');
	const { body, bodyStartLine } = parseFrontMatter(file);
	const questions = parseQuizBlocks(body, { exam: true, bodyStartLine }).questions;
	return new Map(questions.map((q) => [q.id, q.options.filter((o) => o.correct).map((o) => o.id)]));
}

/** Opens the exam (the server gives a ticket) and hands it in, right or empty; returns the result page's path. */
async function takeExam(api: APIRequestContext, right: boolean): Promise<string> {
	const html = await (await api.get(`/courses/${COURSE}/exam`)).text();
	const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))![1];
	const form = new URLSearchParams({
		eventId: field('eventId'),
		ticket: field('ticket'),
		version: field('version'),
		startedAt: field('startedAt')
	});
	if (right) {
		const key = examKey();
		const asked = new Set([...html.matchAll(/name="q:([\w-]+)"/g)].map((m) => m[1]));
		for (const id of asked) for (const option of key.get(id) ?? []) form.append(`q:${id}`, option);
	}
	const response = await api.post(`/courses/${COURSE}/exam?/submit`, {
		data: form.toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(303);
	return new URL(response.headers().location, 'http://x').pathname;
}

async function phoneOf(page: Page, learner: Learner) {
	await signIn(page, learner);
	return page;
}

test('a new learner picks a goal, learns offline and sees the week and the day at once; another phone gets the goal', async ({
	browser
}) => {
	test.slow();
	const learner = newLearner();
	const context = await browser.newContext();
	const page = await phoneOf(await context.newPage(), learner);

	// First time home: an invitation, and no sync box at all (nothing waits, nothing failed).
	await page.goto('/', { waitUntil: 'networkidle' });
	// Offline later, pages and code come from the worker: wait until it runs the page, so it sees them online.
	await controlledByServiceWorker(page);
	await expect(page.getByText('欢迎！先定一个每周学习目标，再开始学第一课。')).toBeVisible();
	await expect(page.getByText('还没有同步过')).toHaveCount(0);
	await expect(page.getByRole('region', { name: '同步状态' })).toHaveCount(0);

	await page.getByRole('link', { name: '定每周目标' }).click();
	await expect(page.getByRole('heading', { name: '每周目标' })).toBeVisible();
	await page.getByRole('radio', { name: '3 课' }).check();
	await page.getByRole('button', { name: '定好了' }).click();
	await expect(page.getByText('目标定好了：每周 3 课。')).toBeVisible();
	// The choice was sent: the badge goes quiet again.
	await expect(page.getByRole('region', { name: '同步状态' })).toHaveCount(0, { timeout: 20_000 });
	// Opened once online, so the phone keeps the page (the same for everyone; the numbers are drawn on the phone).
	await page.reload({ waitUntil: 'networkidle' });
	await expect(page.getByText('目标定好了：每周 3 课。')).toBeVisible();

	// Offline, a lesson: the badge opens up, and the week and the calendar count it at once.
	await page.goto(`/courses/${COURSE}/${LESSONS[0]}`, { waitUntil: 'networkidle' });
	await context.setOffline(true);
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('真棒！这门课学完了 1/6 课。')).toBeVisible();
	await expect(page.getByText('本周已学 1/3 课。')).toBeVisible();
	const badge = page.getByRole('button', { name: '1 条记录待同步' });
	await expect(badge).toBeVisible();
	await expect(badge).toHaveAttribute('aria-expanded', 'false');
	await badge.click();
	await expect(page.getByText('现在没有网络。记录已存在手机上，联网后会自动同步。')).toBeVisible();
	await expect(page.getByRole('button', { name: '现在同步' })).toBeVisible();

	await page.getByRole('link', { name: '我的学习' }).click();
	await expect(page.getByText('本周：1/3 课')).toBeVisible();
	await expect(page.getByText(`${chinaToday()}：学了 1 课`)).toBeAttached();
	await expect(page.getByRole('listitem').filter({ hasText: '学完第一课' })).toContainText('已达成');

	// Back online: sent, and a fresh browser of the same learner (another phone) has the goal and the day.
	await context.setOffline(false);
	await expect(page.getByText('已全部同步')).toBeVisible({ timeout: 20_000 });
	const other = await browser.newContext();
	const second = await phoneOf(await other.newPage(), learner);
	await second.goto('/learning');
	await expect(second.getByText('目标定好了：每周 3 课。')).toBeVisible();
	await expect(second.getByText('本周：1/3 课')).toBeVisible();
	await expect(second.getByText(`${chinaToday()}：学了 1 课`)).toBeAttached();
	await second.goto('/');
	await expect(second.getByRole('link', { name: /接着学：安全用手机 第 2 课/ })).toBeVisible();
	await expect(second.getByText('本周学了 1 课，目标 3 课。一共学了 1 课。')).toBeVisible();
	await context.close();
	await other.close();
});

test('finishing a second lesson says "2/6" with praise', async ({ page }) => {
	const learner = newLearner();
	const api = await apiAs(learner);
	await completeLessons(api, LESSONS.slice(0, 1));
	await api.dispose();
	await signIn(page, learner);
	await page.goto(`/courses/${COURSE}/${LESSONS[1]}`, { waitUntil: 'networkidle' });
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('真棒！这门课学完了 2/6 课。')).toBeVisible();
});

test('a failed exam names lessons to review and, with no tries left today, says to come back tomorrow', async ({
	page
}) => {
	const learner = newLearner();
	const api = await apiAs(learner);
	await completeLessons(api, LESSONS);
	await signIn(page, learner);
	await page.goto(await takeExam(api, false));
	await expect(page.getByRole('heading', { name: '建议再看看这几课：' })).toBeVisible();
	await expect(page.getByText('别灰心！先看看上面这几课，再考一次。')).toBeVisible();
	await expect(page.getByRole('link', { name: '再考一次' })).toBeVisible();
	// The day's other two tries fail as well.
	await takeExam(api, false);
	await page.goto(await takeExam(api, false));
	await api.dispose();
	await expect(page.getByRole('heading', { name: '建议再看看这几课：' })).toBeVisible();
	await expect(page.getByText('今天的考试次数用完了。先看看上面这几课，明天再来考，你一定行！')).toBeVisible();
	await expect(page.getByRole('link', { name: '再考一次' })).toHaveCount(0);
});

test('a passed exam shows the certificate on the course card and suggests another course', async ({ page }) => {
	const learner = newLearner();
	const api = await apiAs(learner);
	await completeLessons(api, LESSONS);
	const result = await takeExam(api, true);
	await api.dispose();
	await signIn(page, learner);
	await page.goto(result);
	await expect(page.getByText('恭喜，考试通过了！')).toBeVisible();
	await expect(page.getByRole('heading', { name: '接着学下一门课：' })).toBeVisible();
	await page.getByRole('link', { name: '家庭养鸡' }).click();
	await expect(page).toHaveURL(/\/courses\/raising-chickens$/);

	await page.goto('/', { waitUntil: 'networkidle' });
	await expect(page.getByRole('link', { name: /安全用手机/ })).toContainText('已拿到证书');
	await page.goto('/learning');
	await expect(page.getByRole('link', { name: /安全用手机/ }).first()).toContainText('已拿到证书');
	await expect(page.getByText('接着学下一门课：')).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: '拿到第一张证书' })).toContainText('已达成');
});
