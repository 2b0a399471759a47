import { expect, test } from '@playwright/test';
import { query, signIn } from '../helpers';

const count = (sql: string) => query<{ n: number }>(sql)[0].n;

test('a roster with mistakes names each bad row and imports nothing', async ({ page }) => {
	await signIn(page, 'staffJinhe');
	await page.goto('/staff/import');
	await page.getByLabel('选择名单文件').setInputFiles('tests/fixtures/roster/bad-mixed.csv');
	await page.getByRole('button', { name: '检查名单' }).click();
	await expect(page.getByRole('heading', { name: /bad-mixed\.csv 有 \d+ 处问题/ })).toBeVisible();
	await expect(page.getByText('什么都没有导入')).toBeVisible();
	const rows = page.getByRole('row');
	await expect(rows.filter({ hasText: '没有这个村' }).first()).toContainText('4');
	// The rows without a mistake were not applied either (other tests import at the same time, so count by name).
	expect(count(`select count(*) as n from users where name in ('陈红', '李华')`)).toBe(0);
});

test('staff import a GBK roster from Excel: preview, confirm, and the learners are listed', async ({ page }) => {
	await signIn(page, 'staffJinhe');
	await page.goto('/staff/import');
	await page.getByLabel('选择名单文件').setInputFiles('tests/fixtures/roster/good-gbk.csv');
	await page.getByRole('button', { name: '检查名单' }).click();
	await expect(page.getByRole('heading', { name: 'good-gbk.csv 没有问题' })).toBeVisible();
	await expect(page.getByText('新学员 8 人')).toBeVisible();
	await expect(page.getByRole('cell', { name: '李晓东' })).toBeVisible();
	await page.getByRole('button', { name: '确认导入 8 人' }).click();
	await expect(page.getByRole('status')).toContainText('3 户新登记，8 名学员');

	await page.goto('/staff?q=刘桂兰');
	await expect(page.getByRole('link', { name: /刘桂兰/ })).toContainText('马鞍底村');
	const audit = query<{ action: string }>(`select action from audit_log where action = 'roster_import'`);
	expect(audit.length).toBeGreaterThanOrEqual(1);
});

test('the roster templates download', async ({ page }) => {
	await signIn(page, 'staffTongchang');
	await page.goto('/staff/import');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: '下载 CSV 模板' }).click()
	]);
	const text = await (await download.createReadStream()).toArray();
	const content = Buffer.concat(text).toString('utf8');
	expect(content.charCodeAt(0)).toBe(0xfeff);
	expect(content).toContain('村,户编号,户主,姓名,手机号,身份证号');
});
