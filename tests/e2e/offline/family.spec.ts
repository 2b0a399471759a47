import { expect, test, type Page } from '@playwright/test';
import { apiAs, axeViolations, newLearner, query, signIn, type Learner } from '../helpers';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// One phone, one browser profile, two family members: what the first did never shows to the second, online or
// offline, through the service worker's copies, the browser's cache or Back, and the first's unsent events
// wait on the phone until she signs in again.
const COURSE = 'raising-chickens';
const LESSONS = ['chicken-house', 'feed-and-water'];

const completions = (learner: Learner) =>
	query<{ n: number }>(
		`select count(*) as n from learning_events where user_id = ? and course_slug = ? and kind = 'lesson_completed'`,
		learner.id,
		COURSE
	)[0].n;

async function controlledByServiceWorker(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** Nothing of `learner` on the page: not her name, not her progress. */
async function showsNothingOf(page: Page, learner: Learner) {
	await expect(page.locator('main')).toBeVisible();
	await expect(page.getByText(learner.name)).toHaveCount(0);
	await expect(page.getByText(learner.username)).toHaveCount(0);
}

test('two family members on one phone: each sees only their own, and unsent events arrive once under their learner', async ({
	page,
	context
}) => {
	test.slow();
	const stamp = String(Date.now()).slice(-5);
	const mother = newLearner({ name: `王桂兰${stamp}` });
	const son = newLearner({ name: `李小军${stamp}` });

	// The mother signs in, saves a course, looks at her pages and does two lessons offline.
	await signIn(page, mother);
	await page.goto(`/courses/${COURSE}`);
	await controlledByServiceWorker(page);
	await page.getByRole('button', { name: '存到手机，离线学习' }).click();
	await expect(page.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 30_000 });
	await page.goto('/me');
	await expect(page.getByText(mother.name)).toBeVisible();
	await page.goto('/learning');

	await context.setOffline(true);
	for (const lesson of LESSONS) {
		await page.goto(`/courses/${COURSE}/${lesson}`);
		await page.getByRole('button', { name: '这一课学完了' }).click();
		await expect(page.getByText('这一课已学完')).toBeVisible();
	}
	await page.goto(`/courses/${COURSE}`);
	await expect(page.getByText('已学完 2 / 6 课')).toBeVisible();
	await expect(page.getByText('2 条记录待同步')).toBeVisible();

	// Back online, but her records cannot get through before she signs out: they stay on the phone.
	await context.route('**/api/sync', (route) => route.abort());
	await context.setOffline(false);
	await page.goto('/me');
	await expect(page.getByText(mother.name)).toBeVisible();
	await expect(page.getByText('2 条记录待同步')).toBeVisible();
	const warning = page.waitForEvent('dialog');
	const accepted = warning.then((dialog) => {
		expect(dialog.message()).toContain('2 条学习记录没有上传');
		return dialog.accept();
	});
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await accepted;
	await expect(page).toHaveURL(/\/login/);
	await context.unroute('**/api/sync');
	expect(completions(mother)).toBe(0);

	// Back from the sign-in page: her account page is not shown again. The page asks the server for its data
	// again, in place (a reload, this late, raced with the next page opened here and could lose it).
	const refreshed = page.waitForResponse((answer) => new URL(answer.url()).pathname === '/me/__data.json');
	await page.goBack();
	await refreshed;
	await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
	await showsNothingOf(page, mother);

	// The son signs in on the same phone. The phone remembers the mother's name for her, and nothing else.
	await page.goto('/login');
	await expect(page.getByRole('button', { name: `我是${mother.name}` })).toBeVisible();
	expect(await axeViolations(page)).toEqual([]);
	for (const button of await page.locator('.family button').all()) {
		expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(48);
	}
	await signIn(page, son);
	for (const path of [
		'/',
		`/courses/${COURSE}`,
		`/courses/${COURSE}/${LESSONS[0]}`,
		'/learning',
		'/certificates',
		'/me'
	]) {
		await page.goto(path);
		await showsNothingOf(page, mother);
	}
	await page.goto(`/courses/${COURSE}`);
	await expect(page.getByText('已学完 0 / 6 课')).toBeVisible();
	await expect(page.getByText('已学完', { exact: true })).toHaveCount(0);
	await expect(page.getByRole('link', { name: '开始学习' })).toBeVisible();

	// Offline, from the service worker's copies: still nothing of hers, and his lesson is his.
	await context.setOffline(true);
	for (const path of [`/courses/${COURSE}`, `/courses/${COURSE}/${LESSONS[1]}`, '/learning', '/']) {
		await page.goto(path);
		await showsNothingOf(page, mother);
	}
	await page.goto(`/courses/${COURSE}/${LESSONS[1]}`);
	await expect(page.getByText('这一课已学完')).toHaveCount(0);
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('这一课已学完')).toBeVisible();
	await page.goto(`/courses/${COURSE}`);
	await expect(page.getByText('已学完 1 / 6 课')).toBeVisible();
	await context.setOffline(false);
	await expect.poll(() => completions(son), { timeout: 20_000 }).toBe(1);
	// The mother's events went nowhere with his session.
	expect(completions(mother)).toBe(0);

	// He signs out; she picks her name, types her PIN, and her two lessons arrive, once, as hers.
	await page.goto('/me');
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login/);
	// He takes himself off the phone's list; she stays on it.
	await page.getByRole('button', { name: `从这台手机上去掉${son.name}` }).click();
	await page.reload();
	await expect(page.getByRole('button', { name: `我是${mother.name}` })).toBeVisible();
	await expect(page.getByRole('button', { name: `我是${son.name}` })).toHaveCount(0);
	await page.getByRole('button', { name: `我是${mother.name}` }).click();
	await expect(page.getByText(`${mother.name}，请输入你的密码。`)).toBeVisible();
	await page.getByLabel('密码').fill(mother.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
	await expect.poll(() => completions(mother), { timeout: 20_000 }).toBe(2);
	await page.goto(`/courses/${COURSE}`);
	await expect(page.getByText('已学完 2 / 6 课')).toBeVisible();
	await showsNothingOf(page, son);
	expect(completions(son)).toBe(1);
	expect(
		query<{ n: number }>(
			`select count(*) as n from lesson_completions where user_id = ? and course_slug = ?`,
			mother.id,
			COURSE
		)[0].n
	).toBe(2);
});

test('pages the service worker may store carry nothing of the learner who asked for them', async () => {
	const learner = newLearner({ name: `赵秀英${String(Date.now()).slice(-5)}` });
	const api = await apiAs(learner);
	// Something to leak: a lesson done.
	const me = await api.get('/api/me', { headers: { accept: 'application/json' } });
	expect(me.headers()['cache-control']).toBe('no-store');
	expect((await me.json()).user).toMatchObject({ id: learner.id, name: learner.name, role: 'learner' });
	const lesson = `/courses/${COURSE}/${LESSONS[0]}`;
	const done = await api.post('/api/sync', {
		headers: { accept: 'application/json' },
		data: {
			events: [
				{
					id: crypto.randomUUID(),
					userId: learner.id,
					kind: 'lesson_completed',
					courseSlug: COURSE,
					lessonSlug: LESSONS[0],
					contentVersion: (await (await api.get(`/courses/${COURSE}/offline.json`)).json()).version,
					clientAt: new Date().toISOString()
				}
			]
		}
	});
	expect((await done.json()).results[0].status).toBe('applied');

	for (const page of ['/', `/courses/${COURSE}`, lesson, '/learning', '/certificates']) {
		for (const url of [page, `${page.replace(/\/$/, '')}/__data.json`]) {
			const body = await (await api.get(url)).text();
			expect(body, url).not.toContain(learner.name);
			expect(body, url).not.toContain(learner.username);
			expect(body, url).not.toMatch(/"?(userId|signedIn|doneLessons)"?\s*:/);
			expect(body, url).not.toMatch(/\b(done|user)\s*:\s*(true|\{)/);
		}
	}
	await api.dispose();
});
