// Staff and admin pages of issue 16: where workers land and which tabs they see, disabling an account (asked
// first; an admin never disables themself) and finding a household by name or number. Accounts of the tests'
// own; the forms are used without JavaScript where they must work without it.
import { expect, test } from '@playwright/test';
import { apiAs, newAccount, newLearner, query, signIn } from '../helpers';

const tabs = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: '主菜单' });

test('staff land on their dashboard and see staff tabs at 360 px, not the learner tabs', async ({ page }) => {
	await signIn(page, newAccount('staff', '铜厂乡'));
	await expect(page).toHaveURL(/\/staff\/records$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('铜厂乡');
	expect(page.viewportSize()?.width).toBe(360);
	for (const name of ['数据', '学员', '打印', '我的'])
		await expect(tabs(page).getByRole('link', { name, exact: true })).toBeVisible();
	for (const name of ['课程', '我的学习', '证书'])
		await expect(tabs(page).getByRole('link', { name, exact: true })).toHaveCount(0);
	await expect(tabs(page).getByRole('link', { name: '数据' })).toHaveAttribute('aria-current', 'page');
	// Every tab fits on the narrow screen.
	const box = await tabs(page).getByRole('link', { name: '我的' }).boundingBox();
	expect(box!.x + box!.width).toBeLessThanOrEqual(360);
	await tabs(page).getByRole('link', { name: '打印' }).click();
	await expect(page).toHaveURL(/\/staff\/print$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('打印表格');
});

test('the server-rendered staff page already has staff tabs (no learner tabs before the script runs)', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	// Without JavaScript the sign-in form posts plainly.
	await signIn(page, newAccount('staff', '铜厂乡'));
	await page.goto('/staff');
	await expect(tabs(page).getByRole('link', { name: '学员' })).toHaveAttribute('aria-current', 'page');
	await expect(tabs(page).getByRole('link', { name: '证书' })).toHaveCount(0);
	await context.close();
});

test('admins and learners see their own tabs', async ({ browser }) => {
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, newAccount('admin'));
	for (const name of ['地区', '账号', '数据', '打印'])
		await expect(tabs(admin).getByRole('link', { name, exact: true })).toBeVisible();
	const learner = await (await browser.newContext()).newPage();
	await signIn(learner, newLearner());
	for (const name of ['课程', '我的学习', '证书', '我的'])
		await expect(tabs(learner).getByRole('link', { name, exact: true })).toBeVisible();
	await expect(tabs(learner).getByRole('link', { name: '打印' })).toHaveCount(0);
});

test('an admin cannot disable their own account: the server refuses and says why', async ({ browser }) => {
	const credentials = newAccount('admin');
	const id = query<{ id: number }>(`select id from users where username = ?`, credentials.username)[0].id;
	const api = await apiAs(credentials);
	for (const confirm of ['', 'yes']) {
		const response = await api.post('/admin/accounts?/disable', { form: { id: String(id), confirm }, maxRedirects: 0 });
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain('不能停用你自己的账号');
	}
	expect(
		query<{ disabled: number | null }>(`select disabled_at as disabled from users where id = ?`, id)[0].disabled
	).toBeNull();
	await api.dispose();
	// The page offers no button for it.
	const page = await (await browser.newContext()).newPage();
	await signIn(page, credentials);
	await page.goto('/admin/accounts');
	const own = page.getByRole('row').filter({ hasText: credentials.username });
	await expect(own).toContainText('这是你自己');
	await expect(own.getByRole('button', { name: /停用/ })).toHaveCount(0);
});

test('disabling a worker account asks first, without JavaScript, and "keep it" changes nothing', async ({
	browser
}) => {
	const target = newAccount('trainer');
	const disabled = () =>
		query<{ at: number | null }>(`select disabled_at as at from users where username = ?`, target.username)[0].at;
	const admin = newAccount('admin');
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, admin);
	await page.goto('/admin/accounts');
	const row = page.getByRole('row').filter({ hasText: target.username });
	await row.getByRole('button', { name: /^停用/ }).click();
	const ask = page.getByRole('alertdialog');
	await expect(ask).toContainText(`真的要停用`);
	await expect(ask).toContainText(target.username);
	expect(disabled()).toBeNull();
	await ask.getByRole('link', { name: '不停用' }).click();
	await expect(page.getByRole('alertdialog')).toHaveCount(0);
	expect(disabled()).toBeNull();

	await page.getByRole('row').filter({ hasText: target.username }).getByRole('button', { name: /^停用/ }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: '是，停用' }).click();
	await expect(page.getByRole('row').filter({ hasText: target.username })).toContainText('已停用');
	expect(disabled()).not.toBeNull();
	await context.close();
});

test('staff find a household by the head name or part of its number and enrol a learner into it', async ({
	browser
}) => {
	const household = query<{ code: string; head: string; village: string }>(
		`select h.code, h.head_name as head, v.name as village from households h join villages v on v.id = h.village_id
		 join townships t on t.id = v.township_id where t.name = '铜厂乡' order by h.id desc limit 1`
	)[0];
	const staff = newAccount('staff', '铜厂乡');
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, staff);
	await page.goto('/staff/learners/new');

	await page.getByLabel('找户：输入户主名字或户编号').fill(household.head);
	await page.getByRole('button', { name: '找', exact: true }).click();
	const result = page.getByRole('listitem').filter({ hasText: household.code });
	await expect(result).toContainText(household.village);
	await result.getByRole('link', { name: /选这户/ }).click();
	await expect(page.locator('#learner-household')).toHaveValue(household.code);

	// By the last digits of the number, as read off a paper.
	await page.getByLabel('找户：输入户主名字或户编号').fill(household.code.slice(-5));
	await page.getByRole('button', { name: '找', exact: true }).click();
	await expect(page.getByRole('listitem').filter({ hasText: household.code })).toContainText(household.head);

	// A household of 金河镇 is not found from 铜厂乡.
	const jinhe = query<{ code: string }>(
		`select h.code from households h join villages v on v.id = h.village_id join townships t on t.id = v.township_id
		 where t.name = '金河镇' limit 1`
	)[0];
	await page.getByLabel('找户：输入户主名字或户编号').fill(jinhe.code);
	await page.getByRole('button', { name: '找', exact: true }).click();
	await expect(page.getByText('没找到')).toBeVisible();
	await context.close();
});
