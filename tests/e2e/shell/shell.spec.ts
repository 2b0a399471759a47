import { expect, test } from '@playwright/test';

test('the home page is in Chinese and fits a 360 px phone', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { level: 1, name: '智智学堂' })).toBeVisible();
	const nav = page.getByRole('navigation', { name: '主菜单' });
	for (const label of ['课程', '我的学习', '证书', '我的']) {
		const link = nav.getByRole('link', { name: label, exact: true });
		await expect(link).toBeVisible();
		const box = await link.boundingBox();
		expect(box!.height).toBeGreaterThanOrEqual(48);
	}
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
	expect(fontSize).toBeGreaterThanOrEqual(18);
});

test('switching to English is remembered, and switching back works', async ({ page }) => {
	await page.goto('/areas');
	await page.getByRole('link', { name: '切换语言' }).click();
	await expect(page).toHaveURL(/\/en\/areas$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Townships and villages served');

	// A later visit to an unprefixed address comes back in English.
	await page.goto('/');
	await expect(page).toHaveURL(/\/en\/?$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zhizhi Learn');

	await page.getByRole('link', { name: 'Switch language' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await page.goto('/areas');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('服务的乡镇和村');
});

test('the areas page lists the seeded townships and villages', async ({ page }) => {
	await page.goto('/areas');
	await expect(page.getByRole('heading', { level: 2, name: /金河镇/ })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: /铜厂乡/ })).toBeVisible();
	await expect(page.getByText('马鞍底村')).toBeVisible();
});

test('an unknown address shows a translated 404 page', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到这个页面');
	await expect(page.getByRole('link', { name: '回到首页' })).toBeVisible();
});
