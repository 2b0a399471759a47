// The printouts for township staff, printed by Chromium to PDF and read back: names, codes and dates on the
// paper, none of the app's menus. Each test makes its own learners in 铜厂乡 (金河镇's records stay as seeded
// for the records tests) and signs in as a staff member of its own.
import jsQR from 'jsqr';
import { expect, test, type Page } from '@playwright/test';
import { formatDate } from '../../../src/lib/dates';
import { apiAs, newAccount, newLearner, query, signIn, type Learner } from '../helpers';
import { CHROME_WORDS, printedText, write } from './pdf-text';

const today = () => formatDate(new Date(), 'zh-CN', 'day');
const villageOf = (learner: Learner) =>
	query<{ id: number; name: string; code: string }>(
		`select v.id, v.name, h.code from users u join households h on h.id = u.household_id
		 join villages v on v.id = h.village_id where u.id = ?`,
		learner.id
	)[0];

function expectNoChrome(text: string) {
	for (const word of CHROME_WORDS) expect(text, `"${word}" on the paper`).not.toContain(word);
}

async function staffPage(page: Page) {
	await signIn(page, newAccount('staff', '铜厂乡'));
}

test('the village roster prints each learner with lessons per course and certificates', async ({ page }) => {
	const learner = newLearner({ name: `罗${Date.now().toString(36).slice(-4)}` });
	write(
		`insert into learner_courses (user_id, course_slug, lessons_done) values (?, 'raising-chickens', 3)`,
		learner.id
	);
	const village = villageOf(learner);
	await staffPage(page);
	await page.goto('/staff/print');
	await page.getByLabel('村', { exact: true }).selectOption(String(village.id));
	await page.getByRole('button', { name: '打开' }).first().click();
	await expect(page).toHaveURL(new RegExp(`/staff/print/roster\\?village=${village.id}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`铜厂乡 ${village.name} 学员学习情况`);
	await expect(page.getByRole('button', { name: '打印' })).toBeVisible();

	const text = await printedText(page);
	expect(text).toContain(`铜厂乡${village.name}学员学习情况`);
	expect(text).toContain(learner.name);
	expect(text).toContain(village.code);
	expect(text).toContain('3/6课');
	expect(text).toContain(`打印日期：${today()}`);
	expect(text).not.toContain('智智学堂');
	expectNoChrome(text);
});

test("staff of one township cannot print another township's roster", async () => {
	const jinheVillage = query<{ id: number }>(`select id from villages where code = '532530101201'`)[0].id;
	const tongchang = await apiAs(newAccount('staff', '铜厂乡'));
	expect((await tongchang.get(`/staff/print/roster?village=${jinheVillage}`, { maxRedirects: 0 })).status()).toBe(404);
	const jinhe = await apiAs(newAccount('staff', '金河镇'));
	expect((await jinhe.get(`/staff/print/roster?village=${jinheVillage}`, { maxRedirects: 0 })).status()).toBe(200);
	// The admin's pages are not theirs at all.
	expect((await jinhe.get(`/admin/print/roster?village=${jinheVillage}`, { maxRedirects: 0 })).status()).toBe(403);
	await tongchang.dispose();
	await jinhe.dispose();
});

test('the needs-help list prints what the follow-up list shows: every reason, phone, notes', async ({ page }) => {
	const tag = Date.now().toString(36).slice(-4);
	const learner = newLearner({ name: `钱${tag}` });
	write(`update users set last_active_at = ? where id = ?`, Date.now() - 45 * 86_400_000, learner.id);
	// Enrolled six weeks ago and never started: on the follow-up list, and so on the paper too.
	const never = newLearner({ name: `孔${tag}` });
	write(`update users set created_at = ? where id = ?`, Date.now() - 42 * 86_400_000, never.id);
	const staff = newAccount('staff', '铜厂乡');
	const [{ id: staffId, townshipId }] = query<{ id: number; townshipId: number }>(
		`select id, township_id as townshipId from users where username = ?`,
		staff.username
	);
	const chinaToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
	write(
		`insert into follow_up_notes (learner_id, staff_id, township_id, contacted_on, note, created_at) values (?, ?, ?, ?, ?, ?)`,
		learner.id,
		staffId,
		townshipId,
		chinaToday,
		`打过电话${tag}`,
		Date.now()
	);
	await signIn(page, staff);
	await page.goto('/staff/print/needs-help');
	const row = page.getByRole('row').filter({ hasText: learner.name });
	await expect(row).toContainText(learner.username);
	await expect(page.getByRole('row').filter({ hasText: never.name })).toContainText('报名后还没开始学');

	const text = await printedText(page);
	expect(text).toContain('铜厂乡需要帮助的学员');
	expect(text).toContain(`${learner.name}`);
	expect(text).toContain(learner.username); // the phone number (newLearner's login is the phone)
	expect(text).toMatch(new RegExp(`${learner.name}[^0-9]*4[56]天没学了`));
	expect(text).toContain(`已联系${today()}：打过电话${tag}`);
	expect(text).toMatch(new RegExp(`${never.name}[^0-9]*报名后还没开始学${never.username}`));
	expect(text).toContain('记录（打了电话、上门等）');
	expectNoChrome(text);
});

test('the ceremony list prints the certificates of the chosen month with China dates', async ({ page }) => {
	const learner = newLearner({ name: `冯${Date.now().toString(36).slice(-4)}` });
	const village = villageOf(learner);
	const number = `T${Date.now().toString().slice(-10)}`;
	const issuedAt = Date.now();
	const township = query<{ id: number }>(`select id from townships where name = '铜厂乡'`)[0].id;
	write(
		`insert into certificates (number, user_id, course_slug, course_title, content_version, score, township_id, issued_at)
		 values (?, ?, 'phone-safety', '手机安全', 'test', 95, ?, ?)`,
		number,
		learner.id,
		township,
		issuedAt
	);
	const month = new Date(issuedAt + 8 * 3_600_000).toISOString().slice(0, 7);
	await staffPage(page);
	await page.goto('/staff/print');
	await page.getByLabel('月份').fill(month);
	await page.locator('form[action$="/staff/print/ceremony"] button').click();
	await expect(page).toHaveURL(new RegExp(`/staff/print/ceremony\\?month=${month}$`));
	await expect(page.getByRole('row').filter({ hasText: number })).toContainText(learner.name);

	const text = await printedText(page);
	expect(text).toContain(`铜厂乡${formatDate(month, 'zh-CN', 'month')}颁发证书名单`);
	expect(text).toMatch(new RegExp(`${learner.name}${village.name}手机安全${number}${today()}`));
	expectNoChrome(text);
	// Last year's same month has none of it.
	await page.goto(`/staff/print/ceremony?month=${Number(month.slice(0, 4)) - 1}${month.slice(4)}`);
	await expect(page.getByText('这个月没有发出证书')).toBeVisible();
});

test("the registration poster's QR code opens registration with the code filled in", async ({ page }) => {
	await staffPage(page);
	await page.goto('/staff/codes');
	await page.getByLabel('村').selectOption({ label: '大坪村' });
	await page.getByRole('button', { name: '生成登记码' }).click();
	const code = (await page.locator('[role=status] .code').innerText()).trim();
	await page.getByRole('row').filter({ hasText: code }).getByRole('link', { name: '打印海报' }).click();
	await expect(page).toHaveURL(/\/staff\/print\/poster\?code=\d+$/);
	await expect(page.getByText(code, { exact: true })).toBeVisible();

	// The QR code as a phone's camera would read it: the picture's pixels, decoded by jsQR.
	const qr = page.locator('img.qr');
	await expect(qr).toBeVisible();
	await qr.evaluate((img: HTMLImageElement) => img.decode());
	const { data, width, height } = await qr.evaluate((img: HTMLImageElement) => {
		const canvas = document.createElement('canvas');
		canvas.width = img.naturalWidth;
		canvas.height = img.naturalHeight;
		const context = canvas.getContext('2d')!;
		context.drawImage(img, 0, 0);
		const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
		return { data: Array.from(pixels.data), width: pixels.width, height: pixels.height };
	});
	const link = jsQR(new Uint8ClampedArray(data), width, height)?.data;
	expect(link).toMatch(new RegExp(`/register\\?code=${code.replace('-', '')}$`));

	const text = await printedText(page);
	expect(text).toContain(code);
	expect(text).toContain('铜厂乡大坪村');
	expect(text).toContain('用手机扫一扫，就能报名');
	expect(text).toMatch(/登记码有效期到\d{4}年\d{1,2}月\d{1,2}日/);
	expectNoChrome(text);

	// The address in the code is the registration page, with the code filled in.
	await page.goto(new URL(link!).pathname + new URL(link!).search);
	await expect(page.getByLabel('登记码')).toHaveValue(code.replace('-', ''));
});

test('a one-time code prints on a slip with name, account, code, expiry and steps, and nothing else', async ({
	page
}) => {
	const learner = newLearner({ name: `褚${Date.now().toString(36).slice(-4)}` });
	await staffPage(page);
	await page.goto(`/staff/learners/${learner.id}`);
	// Without a slip on it, the page prints as it is: the slip's print rules leave other pages alone.
	expect(await printedText(page)).toContain('停用账号');
	await page.getByRole('button', { name: '重设密码（发新登录码）' }).click();
	const issued = await page.getByRole('status').innerText();
	const code = issued.match(/一次性登录码 (\d{6})/)![1];
	await expect(page.getByRole('button', { name: '打印登录码纸条' })).toBeVisible();

	const text = await printedText(page);
	expect(text).toContain(`姓名${learner.name}`);
	expect(text).toContain(`账号${learner.username}`);
	expect(text).toContain(`登录码${code}`);
	// 72 hours from now, in China time.
	const until = formatDate(Date.now() + 72 * 3_600_000, 'zh-CN', 'day');
	expect(text).toContain(`有效期到${until}`);
	expect(text).toContain('填上面的账号和登录码');
	// The rest of the learner page stays on the screen.
	for (const word of ['停用账号', '解除登录锁定', '已发登录码']) expect(text).not.toContain(word);
	expectNoChrome(text);
});

test('an admin chooses a township and prints its lists; the county when none is chosen', async ({ page }) => {
	const learner = newLearner({ name: `卫${Date.now().toString(36).slice(-4)}` });
	write(`update users set last_active_at = ? where id = ?`, Date.now() - 50 * 86_400_000, learner.id);
	await signIn(page, newAccount('admin'));
	await page.goto('/admin/print');
	await page.getByLabel('选乡镇').selectOption({ label: '铜厂乡' });
	await page.getByRole('button', { name: '打开' }).first().click();
	await expect(page).toHaveURL(/\/admin\/print\?township=\d+$/);
	await page.locator('form[action$="/admin/print/needs-help"] button').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('铜厂乡 需要帮助的学员');
	const text = await printedText(page);
	expect(text).toContain(learner.name);
	expectNoChrome(text);
	await page.goto('/admin/print/needs-help');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('全县 需要帮助的学员');
	await expect(page.getByRole('row').filter({ hasText: learner.name })).toHaveCount(1);
});
