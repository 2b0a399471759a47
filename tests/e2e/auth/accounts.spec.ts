import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, newLearner, signIn } from '../helpers';

async function signOut(page: Page) {
	await page.goto('/me');
	await page.getByRole('button', { name: '退出登录' }).click();
	await expect(page).toHaveURL(/\/login$/);
}

// Learners of their own: the access test signs the demo accounts out everywhere while it runs.
test('a learner signs in with phone and PIN, sees their account, and signs out', async ({ page }) => {
	const learner = newLearner({ township: '金河镇', name: '李秀兰' });
	await signIn(page, learner);
	await page.goto('/me');
	await expect(page.getByText('当前登录：李秀兰')).toBeVisible();
	await expect(page.getByText('这台设备')).toBeVisible();
	await signOut(page);
	await page.goto('/me');
	await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
});

test('a wrong password says so without telling whether the account exists, and keeps what was typed', async ({
	page
}) => {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('手机号或登录号').fill('13899999999');
	await page.getByLabel('密码').fill('000000');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert')).toHaveText('手机号（登录号）或密码不对。请再试一次。');
	await expect(page.getByLabel('手机号或登录号')).toHaveValue('13899999999');
});

test('staff cannot open the admin area and learners cannot open the staff area', async ({ page }) => {
	await signIn(page, newLearner({ township: '金河镇' }));
	expect((await page.goto('/staff'))?.status()).toBe(403);
	await signOut(page);
	await signIn(page, 'staffJinhe');
	expect((await page.goto('/admin'))?.status()).toBe(403);
});

test('staff reset a learner to a one-time code; the learner must choose a new PIN, which then works', async ({
	browser
}) => {
	// A learner who forgot their PIN.
	const { username, password: forgotten } = newLearner({ township: '金河镇' });
	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, 'staffJinhe');
	// Staff land on their township's dashboard; the learners are one tab away.
	await expect(staff).toHaveURL(/\/staff\/records$/);
	await staff.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '学员' }).click();
	await expect(staff).toHaveURL(/\/staff$/);
	await staff.getByLabel('查找学员').fill(username);
	await staff.getByRole('button', { name: '查找' }).click();
	await staff.getByRole('link', { name: new RegExp(username) }).click();
	await staff.getByRole('button', { name: '重设密码（发新登录码）' }).click();
	const issued = await staff.getByRole('status').innerText();
	const code = issued.match(/一次性登录码 (\d{6})/)![1];
	await expect(staff.getByText('已发登录码')).toBeVisible();

	const learner = await (await browser.newContext()).newPage();
	await signIn(learner, { username, password: code });
	await expect(learner).toHaveURL(/\/password$/);
	await expect(learner.getByText('这是一次性登录码')).toBeVisible();
	// Every other page sends them back here until the PIN is chosen.
	await learner.goto('/me');
	await expect(learner).toHaveURL(/\/password$/);
	await learner.getByLabel('新密码', { exact: true }).fill('135790');
	await learner.getByLabel('再输一次新密码').fill('135790');
	await learner.getByRole('button', { name: '保存新密码' }).click();
	await expect(learner.getByText('密码改好了')).toBeVisible();

	// Neither the forgotten PIN nor the one-time code works any more; the new PIN does.
	await signOut(learner);
	for (const old of [forgotten, code]) {
		await learner.getByLabel('手机号或登录号').fill(username);
		await learner.getByLabel('密码').fill(old);
		await learner.getByRole('button', { name: '登录' }).click();
		await expect(learner.getByRole('alert')).toBeVisible();
	}
	await signIn(learner, { username, password: '135790' });
	await learner.goto('/me');
	await expect(learner.getByText(`登录号：${username}`)).toBeVisible();

	// Staff disable the account: the open session ends at once.
	await staff.reload();
	await staff.getByRole('button', { name: '停用账号' }).click();
	// The first press only asks.
	await expect(staff.getByRole('alertdialog')).toContainText('真的要停用');
	await staff.getByRole('button', { name: '是，停用' }).click();
	await expect(staff.getByText('已停用')).toBeVisible();
	await learner.goto('/me');
	await expect(learner.getByText('你还没有登录')).toBeVisible();
	await staff.getByRole('button', { name: '恢复账号' }).click();
	await expect(staff.getByText('正常')).toBeVisible();
});

test('a villager registers with a code from staff and lands in the right village', async ({ browser }) => {
	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, 'staffTongchang');
	await staff.goto('/staff/codes');
	await staff.getByLabel('村').selectOption({ label: '大坪村' });
	await staff.getByRole('button', { name: '生成登记码' }).click();
	const code = (await staff.locator('[role=status] .code').innerText()).trim();
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

	// Without JavaScript: a mistake keeps what was typed (but never the password).
	const context = await browser.newContext({ javaScriptEnabled: false });
	const villager = await context.newPage();
	await villager.goto('/register');
	await villager.getByLabel('登记码').fill(code.toLowerCase());
	await villager.getByLabel('姓名', { exact: true }).fill('杨春花');
	await villager.getByLabel('设一个密码').fill('112233');
	await villager.getByLabel('再输一次密码').fill('112233');
	await villager.getByRole('button', { name: '注册' }).click();
	await expect(villager.getByText('不知道户编号时必须填')).toBeVisible();
	await expect(villager.locator('#field-householdHead-error')).toHaveText('请填写这一项');
	await expect(villager.getByLabel('姓名', { exact: true })).toHaveValue('杨春花');
	await expect(villager.getByLabel('设一个密码')).toHaveValue('');

	await villager.getByLabel('户主姓名').fill('杨永福');
	await villager.getByLabel('设一个密码').fill('112233');
	await villager.getByLabel('再输一次密码').fill('112233');
	await villager.getByRole('button', { name: '注册' }).click();
	const done = await villager.getByRole('status').innerText();
	const username = done.match(/登录号是 (\d{8})/)![1];
	await signIn(villager, { username, password: '112233' });

	await staff.goto(`/staff?q=${username}`);
	await expect(staff.getByRole('link', { name: /杨春花/ })).toContainText('大坪村');
	// Another township's staff cannot find them.
	const other = await (await browser.newContext()).newPage();
	await signIn(other, 'staffJinhe');
	await other.goto(`/staff?q=${username}`);
	await expect(other.getByText('没有找到学员')).toBeVisible();
});

test('an admin adds a staff account whose temporary password must be changed at first sign-in', async ({ browser }) => {
	// A login name of this run's own: the test may run again against the same server.
	const login = `zhangwen${Date.now().toString(36)}`;
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	await expect(admin).toHaveURL(/\/admin$/);
	await admin.goto('/admin/accounts');
	await admin.getByLabel('角色').selectOption('staff');
	await admin.getByLabel('姓名', { exact: true }).fill('张文');
	await admin.getByLabel('登录名').fill(login);
	await admin.getByRole('button', { name: '添加账号' }).click();
	await expect(admin.getByRole('alert')).toBeVisible();
	await expect(admin.getByText('请填写这一项')).toBeVisible();
	await expect(admin.getByLabel('登录名')).toHaveValue(login);
	await admin.getByLabel(/所属乡镇/).selectOption({ label: '金河镇' });
	await admin.getByRole('button', { name: '添加账号' }).click();
	const text = await admin.getByRole('status').innerText();
	const password = text.match(/临时密码：([a-z0-9]{12})/)![1];

	const person = await (await browser.newContext()).newPage();
	await signIn(person, { username: login, password });
	await expect(person).toHaveURL(/\/password$/);
	await person.getByLabel('新密码', { exact: true }).fill('short');
	await person.getByLabel('再输一次新密码').fill('short');
	await person.getByRole('button', { name: '保存新密码' }).click();
	await expect(person.getByText('密码至少 10 位').last()).toBeVisible();
	await person.getByLabel('新密码', { exact: true }).fill('zhangwen-2026-pass');
	await person.getByLabel('再输一次新密码').fill('zhangwen-2026-pass');
	await person.getByRole('button', { name: '保存新密码' }).click();
	await expect(person).toHaveURL(/\/staff\/records$/);
	await expect(person.getByRole('heading', { level: 1 })).toContainText('金河镇');
});

test('the account page switches the interface language and remembers it', async ({ page }) => {
	await signIn(page, ACCOUNTS.learnerDaping);
	await page.goto('/me');
	await page.getByLabel('界面语言').selectOption('en');
	await page.locator('form').filter({ hasText: '界面语言' }).getByRole('button', { name: '保存' }).click();
	await expect(page).toHaveURL(/\/en\/me$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Me');
	await page.getByLabel('Language', { exact: true }).selectOption('zh-CN');
	await page.locator('form').filter({ hasText: 'Language' }).getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的');
});

test('what someone types before the page has finished loading is kept when its script starts (a slow phone)', async ({
	page
}) => {
	// Hold the page's scripts back, as a slow network does, while the person types.
	let release!: () => void;
	const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await scriptsMayLoad;
		await route.continue();
	});
	await page.goto('/login', { waitUntil: 'commit' });
	await page.getByLabel('手机号或登录号').fill(ACCOUNTS.learnerJinhe.username);
	await page.getByLabel('密码').fill(ACCOUNTS.learnerJinhe.password);
	release();
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('手机号或登录号')).toHaveValue(ACCOUNTS.learnerJinhe.username);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).not.toHaveURL(/\/login/);
});
