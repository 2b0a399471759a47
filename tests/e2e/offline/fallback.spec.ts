import { expect, test, type Page } from '@playwright/test';
import { newLearner } from '../helpers';
import { controlledByServiceWorker, signInWithoutVisiting } from './phone';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

// Offline, a page the phone does not have shows the offline page, which offers the courses saved on this phone.
// Each tab of the bottom bar is tapped, none of them visited before (the learner signs in without opening a page).

const COURSE = 'raising-chickens';
const TABS = [
	{ name: '课程', path: '/' },
	{ name: '我的学习', path: '/learning' },
	{ name: '证书', path: '/certificates' },
	{ name: '我的', path: '/me' }
];

async function tapEachTabOffline(page: Page, expectOnOfflinePage: () => Promise<void>) {
	const tabs = page.getByRole('navigation', { name: '主菜单' });
	for (const { name: tab, path } of TABS) {
		await tabs.getByRole('link', { name: tab, exact: true }).click();
		// The page before may be the offline page too: wait until this tap's page has arrived and loaded (a failed
		// data request first, then the whole page), or the next tap would cut its navigation short.
		await expect(page, tab).toHaveURL(new RegExp(`^[^?#]*//[^/]+${path === '/' ? '/?' : path}(?:[?#]|$)`));
		await page.waitForLoadState('load');
		await expect(page.getByRole('heading', { level: 1, name: '现在没有网络' }), tab).toBeVisible();
		await expect(page.locator('body'), tab).not.toContainText('"type":"error"');
		await expectOnOfflinePage();
	}
}

test('offline, each tab not visited before shows the offline page: no course saved yet', async ({ page, context }) => {
	await signInWithoutVisiting(context, newLearner());
	await page.goto(`/courses/${COURSE}/chicken-house`);
	await controlledByServiceWorker(page);
	await context.setOffline(true);
	await tapEachTabOffline(page, async () => {
		await expect(page.getByText('这部手机上还没有存好的课程')).toBeVisible();
	});
	// A page never visited, typed in or opened from a bookmark: the same.
	await page.goto('/certificates');
	await expect(page.getByRole('heading', { level: 1, name: '现在没有网络' })).toBeVisible();
});

test('offline, each tab not visited before shows the offline page, which opens the saved course', async ({
	page,
	context
}) => {
	test.slow();
	await signInWithoutVisiting(context, newLearner());
	await page.goto(`/courses/${COURSE}`);
	await controlledByServiceWorker(page);
	await page.getByRole('button', { name: '存到手机，离线学习' }).click();
	await expect(page.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 30_000 });

	await context.setOffline(true);
	await page.goto(`/courses/${COURSE}/chicken-house`);
	const saved = page.getByRole('link', { name: '家庭养鸡' });
	await tapEachTabOffline(page, async () => {
		await expect(saved).toBeVisible();
		await expect(page.getByText('这部手机上还没有存好的课程')).toHaveCount(0);
	});
	await saved.click();
	await expect(page.getByRole('heading', { level: 1, name: '家庭养鸡' })).toBeVisible();
	await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`));
});
