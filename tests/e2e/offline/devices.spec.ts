import { expect, test, type Browser } from '@playwright/test';
import { newLearner, query, signIn, type Learner } from '../helpers';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

const count = (sql: string, ...params: unknown[]) => query<{ n: number }>(sql, ...params)[0].n;

async function phone(browser: Browser, learner: Learner) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, learner);
	return { context, page };
}

test('two phones of one learner finish the same lesson offline: both records arrive, the lesson counts once', async ({
	browser
}) => {
	// Two phones, each signing in, installing the service worker and syncing: slow on a busy machine.
	test.slow();
	const learner = newLearner();
	const lesson = '/courses/phone-safety/personal-info';
	const phones = [await phone(browser, learner), await phone(browser, learner)];
	for (const { context, page } of phones) {
		await page.goto(lesson, { waitUntil: 'networkidle' });
		await context.setOffline(true);
		await page.getByRole('button', { name: '这一课学完了' }).click();
		await expect(page.getByText('1 条记录待同步')).toBeVisible();
	}
	for (const { context, page } of phones) {
		await context.setOffline(false);
		await expect(page.getByText('已全部同步')).toBeVisible({ timeout: 20_000 });
	}
	const where = `user_id = ${learner.id} and course_slug = 'phone-safety' and lesson_slug = 'personal-info'`;
	expect(count(`select count(*) as n from learning_events where ${where} and kind = 'lesson_completed'`)).toBe(2);
	expect(count(`select count(*) as n from lesson_completions where ${where}`)).toBe(1);
	for (const { context } of phones) await context.close();
});

test('a session that ended while offline asks to sign in again, then sends what was kept', async ({ browser }) => {
	const learner = newLearner();
	const { context, page } = await phone(browser, learner);
	await page.goto('/courses/phone-safety/passwords-updates', { waitUntil: 'networkidle' });
	await context.setOffline(true);
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('1 条记录待同步')).toBeVisible();
	// The session ends meanwhile (expired, or signed out on another phone).
	await context.clearCookies({ name: 'session' });
	await context.setOffline(false);
	await expect(page.getByText('登录已过期，请重新登录后同步')).toBeVisible({ timeout: 20_000 });
	const where = `user_id = ${learner.id} and lesson_slug = 'passwords-updates'`;
	expect(count(`select count(*) as n from lesson_completions where ${where}`)).toBe(0);

	await signIn(page, learner);
	await expect
		.poll(() => count(`select count(*) as n from lesson_completions where ${where}`), { timeout: 20_000 })
		.toBe(1);
	await context.close();
});
