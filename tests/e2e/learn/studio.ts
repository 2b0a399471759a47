// The trainer studio, as the browser tests use it: a new course, a file edited, a draft published.
import { expect, type Page } from '@playwright/test';

/** Opens one file of the draft in the editor and types `text` in place of what it holds. */
export async function editFile(page: Page, slug: string, file: string, text: string) {
	await page.goto(`/trainer/studio/${slug}/${file}`, { waitUntil: 'networkidle' });
	await page.getByLabel('内容').fill(text);
}

/** A new course of the test's own, as a draft: course.md, one lesson and a cover, which the checker passes. */
export async function newCourse(page: Page, slug: string, title: string) {
	await page.goto('/trainer');
	await page.getByRole('link', { name: '新建课程' }).click();
	await page.getByLabel('课程名称').fill(title);
	await page.getByLabel(/^文件名/).fill(slug);
	await page.getByLabel('种养').check();
	await page.getByRole('button', { name: '建草稿' }).click();
	await expect(page).toHaveURL(new RegExp(`/trainer/studio/${slug}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

/** Publishes the course's draft, which must pass the check, as version `number`. */
export async function publish(page: Page, slug: string, number: number) {
	await page.goto(`/trainer/studio/${slug}`);
	await expect(page.getByRole('heading', { name: '检查通过，可以发布。' })).toBeVisible();
	await page.getByRole('button', { name: '发布' }).click();
	await expect(page.getByRole('status')).toHaveText(`已发布第 ${number} 版。`);
}

/** A draft of the course's newest version, to change it. */
export async function startEditing(page: Page, slug: string) {
	await page.goto(`/trainer/studio/${slug}`);
	await page.getByRole('button', { name: '开始修改' }).click();
	await expect(page.getByText('草稿和学员看到的一样。')).toBeVisible();
}

/** Saves what the editor holds, once the check of it came back clean. */
export async function saveClean(page: Page) {
	await expect(page.locator('#problems').getByText('这个文件没有问题。')).toBeVisible();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存。');
}
