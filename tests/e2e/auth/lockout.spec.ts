import { expect, test, type Page } from '@playwright/test';
import { BASE_URL, newAccount, newLearner, query, signIn } from '../helpers';

async function tryPassword(page: Page, username: string, password: string) {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('手机号或登录号').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
}

test('a learner locked by wrong passwords is unlocked by staff of her township', async ({ browser }) => {
	const learner = newLearner({ township: '金河镇' });
	const phone = await (await browser.newContext()).newPage();
	await phone.context().addCookies([{ name: 'lang', value: 'zh-CN', url: BASE_URL }]);
	for (let i = 0; i < 5; i++) {
		await tryPassword(phone, learner.username, `00000${i}`);
		await expect(phone.getByRole('alert')).toBeVisible();
	}
	await tryPassword(phone, learner.username, learner.password);
	await expect(phone.getByRole('alert')).toContainText('试错太多次了');

	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, newAccount('staff', '金河镇'));
	await staff.goto(`/staff/learners/${learner.id}`);
	await staff.getByRole('button', { name: '解除登录锁定' }).click();
	await expect(staff.getByRole('status')).toHaveText('已经解除锁定。学员现在可以再登录了。');

	await signIn(phone, learner);
	await expect(phone).not.toHaveURL(/\/login/);
});

test('someone joining an existing household signs in only after staff approve', async ({ browser }) => {
	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, newAccount('staff', '铜厂乡'));
	await staff.goto('/staff/codes');
	await staff.getByLabel('村').selectOption({ label: '大坪村' });
	await staff.getByRole('button', { name: '生成登记码' }).click();
	const code = (await staff.locator('[role=status] .code').innerText()).trim();
	const [{ householdCode }] = query<{ householdCode: string }>(
		`select h.code as householdCode from households h join villages v on v.id = h.village_id
		 where v.name = '大坪村' order by h.id limit 1`
	);
	const name = `杨${String(Date.now()).slice(-4)}`;

	const villager = await (await browser.newContext()).newPage();
	await villager.context().addCookies([{ name: 'lang', value: 'zh-CN', url: BASE_URL }]);
	await villager.goto('/register', { waitUntil: 'networkidle' });
	await villager.getByLabel('登记码').fill(code);
	await villager.getByLabel('姓名', { exact: true }).fill(name);
	await villager.getByLabel('户编号（知道就填）').fill(householdCode);
	await villager.getByLabel('设一个密码').fill('246813');
	await villager.getByLabel('再输一次密码').fill('246813');
	await villager.getByRole('button', { name: '注册' }).click();
	const done = await villager.getByRole('status').innerText();
	expect(done).toContain('乡镇工作人员确认以后，你才能登录');
	const username = done.match(/登录号是 (\d{8})/)![1];

	await tryPassword(villager, username, '246813');
	await expect(villager.getByRole('alert')).toContainText('乡镇工作人员还没有确认');

	await staff.goto('/staff');
	const waiting = staff.getByRole('region', { name: '等待确认加入户的学员' });
	await waiting.getByRole('link', { name }).click();
	await expect(staff).toHaveURL(/\/staff\/learners\/\d+$/);
	await expect(staff.getByText('等待确认加入', { exact: true })).toBeVisible();
	await staff.getByRole('button', { name: '确认加入这一户' }).click();
	await expect(staff.getByRole('status')).toHaveText('已经确认。学员现在可以登录了。');

	await signIn(villager, { username, password: '246813' });
	await expect(villager).not.toHaveURL(/\/login/);
});
