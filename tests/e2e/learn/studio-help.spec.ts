// The format guide in the studio: the trainer's language, rendered (headings, examples shown as written), and a
// page of text only: no script to download, even when opened from the course list.
import { expect, test } from '@playwright/test';
import { BASE_URL, newAccount, signIn } from '../helpers';

test.use({ viewport: { width: 360, height: 740 } });

test('a trainer reads the course format guide in Chinese, and in English, with its examples as written', async ({
	page
}) => {
	await signIn(page, newAccount('trainer'));
	await page.goto('/trainer');
	await page.getByRole('link', { name: '写法说明' }).first().click();

	await expect(page.getByRole('heading', { level: 1, name: '怎样写一门课' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '练习题' })).toBeVisible();
	// Examples are code, shown as typed: a block's tag, a quiz line, and character codes not turned into characters.
	const examples = page.locator('.guide pre');
	await expect(examples.filter({ hasText: '<Tip>小窍门' })).toHaveCount(1);
	await expect(examples.filter({ hasText: '单选：一平方米的鸡舍' }).first()).toBeVisible();
	await expect(examples.filter({ hasText: '&#123;  &nbsp;' })).toHaveCount(1);
	// Opened as a page of its own (not by the app's router), which loads no script.
	const scripts = await page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.filter((entry) => (entry as PerformanceResourceTiming).initiatorType === 'script')
			.map((entry) => entry.name)
	);
	expect(scripts).toEqual([]);
	expect(await page.locator('script[src], link[rel="modulepreload"]').count()).toBe(0);

	await page.context().addCookies([{ name: 'lang', value: 'en', url: BASE_URL }]);
	await page.goto('/en/trainer/studio/help');
	await expect(page.getByRole('heading', { level: 1, name: 'Writing a course' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'In the studio' })).toBeVisible();
});
