import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { apiAs, BASE_URL, query, signIn } from '../helpers';

test('staff see their township at a glance and drill down to a household', async ({ page }) => {
	await signIn(page, 'staffJinhe');
	await page.goto('/staff/records');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('学习记录 · 金河镇');
	await expect(page.getByText('登记学员')).toBeVisible();
	await expect(page.getByRole('img', { name: '每月发证数' })).toBeVisible();
	await page.getByRole('link', { name: '马鞍底村' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('马鞍底村的农户');
	await expect(page.getByRole('link', { name: '李秀英' })).toBeVisible();
	// Another township's village is not there.
	const other = query<{ id: number }>(`select id from villages where code = '532530102201'`)[0].id;
	expect((await page.goto(`/staff/records/village/${other}`))?.status()).toBe(404);
});

test('exports: CSV with BOM and XLSX, own township only, Chinese intact, audit-logged', async () => {
	const api = await apiAs('staffJinhe');
	const csv = await api.get('/staff/records/export?format=csv');
	expect(csv.headers()['content-type']).toContain('text/csv');
	const bytes = await csv.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.toString('utf8');
	expect(text).toContain('乡镇,村,户编号,姓名,课程');
	const lines = text.trim().split('\n').slice(1);
	for (const line of lines) expect(line.startsWith('金河镇,')).toBe(true);

	const xlsx = await api.get('/staff/records/export?format=xlsx');
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(new Uint8Array(await xlsx.body()).buffer);
	const sheet = workbook.worksheets[0];
	expect(sheet.getRow(1).getCell(1).text).toBe('乡镇');
	expect(sheet.actualRowCount - 1).toBe(lines.length);
	expect(
		query<{ n: number }>(`select count(*) as n from audit_log where action = 'records_export'`)[0].n
	).toBeGreaterThanOrEqual(2);
	await api.dispose();
});

test('staff download the records from the page and see the export finish', async ({ page }) => {
	await signIn(page, 'staffJinhe');
	await page.goto('/staff/records');
	const total = query<{ n: number }>(
		`select count(*) as n from learner_courses lc join users u on u.id = lc.user_id
		 join townships t on t.id = u.township_id where u.role = 'learner' and t.name = '金河镇'`
	)[0].n;
	// The page's script fetches the export (before it runs, the form downloads it plainly, with no progress).
	await page.waitForLoadState('networkidle');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: '下载 CSV（Excel、WPS 能打开）' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^zhizhi-records-\d{4}-\d{2}-\d{2}\.csv$/);
	await expect(page.getByText(`导出好了：${total} 条记录`)).toBeVisible();
	const text = (await import('node:fs')).readFileSync((await file.path())!, 'utf8');
	expect(text.trim().split('\n')).toHaveLength(total + 1);
});

test('an admin makes a records API token for one township, and revoking it locks the API', async ({
	page,
	request
}) => {
	await signIn(page, 'admin');
	await page.goto('/admin/tokens');
	await page.getByLabel('用途').fill('县扶贫信息系统（测试）');
	await page.getByLabel('乡镇').selectOption({ label: '铜厂乡' });
	await page.getByRole('button', { name: '生成令牌' }).click();
	const token = (await page.locator('code.token').innerText()).trim();
	expect(token).toMatch(/^zz_/);
	expect(query<{ n: number }>(`select count(*) as n from api_tokens where token_hash = ?`, token)[0].n).toBe(0);

	const response = await request.get(`${BASE_URL}/api/records?limit=50`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(response.status()).toBe(200);
	const body = await response.json();
	for (const row of body.records) expect(row.township).toBe('铜厂乡');

	// Names are NFKC-normalised: the full-width brackets typed are kept as plain ones.
	await page.getByRole('button', { name: '停用: 县扶贫信息系统(测试)' }).click();
	await expect(page.getByText('已停用').first()).toBeVisible();
	const after = await request.get(`${BASE_URL}/api/records`, { headers: { authorization: `Bearer ${token}` } });
	expect(after.status()).toBe(401);
});
