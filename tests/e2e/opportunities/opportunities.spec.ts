// Opportunities matched to certificates: staff of 铜厂乡 post one asking for the 家庭养鸡 certificate; a learner
// who holds it sees "你符合条件", one who does not sees which course to take, says "我感兴趣" offline and, once
// back online, staff see her; a learner of 金河镇 does not see it at all.
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, apiAs, newAccount, newLearner, query, signIn, type Learner } from '../helpers';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

test.use({ viewport: { width: 360, height: 740 } });

const chinaDay = (offsetDays = 0) =>
	new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Gives a learner of the test's own the 家庭养鸡 certificate, as a row of the e2e database: earning it through
 * lessons and an exam is the certificates test's work, and this test is about what the phone does with it.
 */
function giveCertificate(learner: Learner): void {
	const db = new Database('tests/.tmp/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const { townshipId } = db.prepare('select township_id as townshipId from users where id = ?').get(learner.id) as {
			townshipId: number;
		};
		const number = `E2E${crypto.randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
		db.prepare(
			`insert into certificates (number, user_id, course_slug, course_title, content_version, score, township_id, issued_at)
			 values (?, ?, 'raising-chickens', '家庭养鸡', 'e2e', 90, ?, ?)`
		).run(number, learner.id, townshipId, Date.now());
		db.prepare('update users set valid_certificates = valid_certificates + 1 where id = ?').run(learner.id);
	} finally {
		db.close();
	}
}

/** The page is no wider than the phone. */
async function fitsThePhone(page: Page): Promise<void> {
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test('staff post an opportunity asking for a certificate; learners see whether they qualify; interest made offline reaches staff', async ({
	browser
}) => {
	test.slow();
	const stamp = crypto.randomUUID().slice(0, 6);
	const title = `合作社招收养鸡户 ${stamp}`;
	const holder = newLearner({ name: `持证${stamp}` });
	giveCertificate(holder);
	const newcomer = newLearner({ name: `新学员${stamp}` });

	// Staff of 铜厂乡 post it; a mistake keeps what was typed.
	const staffContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const staff = await staffContext.newPage();
	await signIn(staff, newAccount('staff', '铜厂乡'));
	await staff.goto('/staff');
	await staff.getByRole('link', { name: '机会' }).click();
	await staff.getByRole('link', { name: '发布新机会' }).click();
	await staff.getByLabel('类别').selectOption({ label: '合作社' });
	await staff.getByLabel('标题').fill(title);
	await staff.getByLabel('说明').fill('合作社统一供苗、收购。<b>不是粗体</b>');
	await staff.getByLabel('地点', { exact: true }).fill('新安村委会');
	await staff.getByLabel('开始日期').fill(chinaDay(7));
	await staff.getByLabel('报名截止日期').fill(chinaDay(30));
	await staff.getByLabel('联系人', { exact: true }).fill('王社长');
	await staff.getByLabel('联系电话').fill('打这个电话');
	await staff.getByRole('checkbox', { name: '家庭养鸡' }).check();
	await fitsThePhone(staff);
	await staff.getByRole('button', { name: '发布' }).click();
	await expect(staff.getByText('请填写正确的电话号码')).toBeVisible();
	await expect(staff.getByLabel('标题')).toHaveValue(title);
	await expect(staff.getByRole('checkbox', { name: '家庭养鸡' })).toBeChecked();
	await staff.getByLabel('联系电话').fill('13908731234');
	await staff.getByRole('button', { name: '发布' }).click();
	await expect(staff.getByRole('heading', { name: title })).toBeVisible();
	await expect(staff.getByText('已保存。')).toBeVisible();
	await expect(staff.getByText('还没有人表示感兴趣。')).toBeVisible();
	const detail = staff.url();

	// The learner holding the certificate qualifies.
	const holderContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const holderPage = await holderContext.newPage();
	await signIn(holderPage, holder);
	await holderPage.goto('/opportunities');
	const holderCard = holderPage.getByRole('article', { name: title });
	await expect(holderCard.getByText('你符合条件')).toBeVisible();
	// Plain text: what staff typed is shown as typed, never as markup.
	await expect(holderCard.getByText('<b>不是粗体</b>', { exact: false })).toBeVisible();
	await fitsThePhone(holderPage);
	await holderContext.close();

	// The newcomer is told which course to take, then says she is interested while offline.
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	await signIn(page, newcomer);
	await page.goto('/opportunities');
	const card = page.getByRole('article', { name: title });
	await expect(card.getByText('还需要这些证书')).toBeVisible();
	await expect(card.getByText('你符合条件')).toHaveCount(0);
	await expect(card.getByRole('link', { name: '去学“家庭养鸡”' })).toHaveAttribute('href', '/courses/raising-chickens');
	await context.setOffline(true);
	await card.getByRole('button', { name: '我感兴趣' }).click();
	await expect(card.getByRole('button', { name: /已表示感兴趣/ })).toHaveAttribute('aria-pressed', 'true');
	const interestOf = () =>
		query<{ interested: number }>(
			`select i.interested from opportunity_interest i join opportunities o on o.id = i.opportunity_id
			 where o.title = ? and i.user_id = ?`,
			title,
			newcomer.id
		);
	expect(interestOf()).toEqual([]);
	await context.setOffline(false);
	await expect.poll(interestOf, { timeout: 30_000 }).toEqual([{ interested: 1 }]);
	// What she tapped stays after it was sent (the event is gone from the outbox, the kept list says so too).
	await page.reload();
	await expect(page.getByRole('article', { name: title }).getByRole('button', { name: /已表示感兴趣/ })).toBeVisible();
	await context.close();

	// Staff see her, with her village.
	await staff.goto(detail);
	const row = staff.getByRole('row', { name: new RegExp(newcomer.name) });
	await expect(row).toBeVisible();
	await expect(row.getByRole('cell').nth(1)).not.toBeEmpty();
	await fitsThePhone(staff);
	await staffContext.close();

	// A learner of 金河镇 sees 金河镇's opportunities, not this one of 铜厂乡.
	const otherContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const other = await otherContext.newPage();
	await signIn(other, ACCOUNTS.learnerJinhe);
	await other.goto('/opportunities');
	await expect(other.getByRole('article', { name: '金河养鸡合作社招收养鸡户' })).toBeVisible();
	await expect(other.getByRole('article', { name: title })).toHaveCount(0);
	await otherContext.close();
});

test('staff of another township get 404 for an opportunity, its page and every action; its learners’ list stays hidden', async () => {
	const [{ id }] = query<{ id: number }>(
		`select o.id from opportunities o join townships t on t.id = o.township_id where t.code = '532530101' limit 1`
	);
	const api = await apiAs(newAccount('staff', '铜厂乡'));
	const path = `/staff/opportunities/${id}`;
	expect((await api.get(path, { maxRedirects: 0 })).status()).toBe(404);
	for (const action of ['save', 'close']) {
		expect((await api.post(`${path}?/${action}`, { form: {}, maxRedirects: 0 })).status(), action).toBe(404);
	}
	const list = await (await api.get('/staff/opportunities')).text();
	expect(list).not.toContain('金河养鸡合作社');
	await api.dispose();
	// A learner's list is theirs alone: never kept by a cache, and refused to anyone else.
	const learnerApi = await apiAs(newLearner());
	const answer = await learnerApi.get('/api/opportunities');
	expect(answer.headers()['cache-control']).toContain('no-store');
	expect(((await answer.json()) as { opportunities: unknown[] }).opportunities.length).toBeGreaterThan(0);
	await learnerApi.dispose();
	const staffApi = await apiAs(ACCOUNTS.staffJinhe);
	expect((await staffApi.get('/api/opportunities')).status()).toBe(403);
	await staffApi.dispose();
});

/** An open opportunity of the test's own in 铜厂乡 (null: the whole county), posted by the given account. */
function ownOpportunity(title: string, township: '铜厂乡' | null, posterUsername: string): number {
	const db = new Database('tests/.tmp/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const poster = db.prepare('select id from users where username = ?').get(posterUsername) as { id: number };
		const townshipId =
			township === null
				? null
				: (db.prepare('select id from townships where name = ?').get(township) as { id: number }).id;
		return Number(
			db
				.prepare(
					`insert into opportunities (township_id, kind, title, description, place, starts_on, expires_on,
					 contact_name, contact_phone, created_by, created_at) values (?, 'job', ?, '说明', '乡政府', ?, ?, '王主任', '13900000000', ?, ?)`
				)
				.run(townshipId, title, chinaDay(), chinaDay(30), poster.id, Date.now()).lastInsertRowid
		);
	} finally {
		db.close();
	}
}

const closedAt = (id: number) =>
	query<{ closedAt: number | null }>('select closed_at as closedAt from opportunities where id = ?', id)[0].closedAt;

for (const who of ['staff', 'admin'] as const) {
	test(`closing an opportunity asks first (${who}, without JavaScript); "keep it" changes nothing`, async ({
		browser
	}) => {
		const account = newAccount(who, '铜厂乡');
		const title = `先问再关 ${crypto.randomUUID().slice(0, 6)}`;
		const id = ownOpportunity(title, who === 'staff' ? '铜厂乡' : null, account.username);
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, account);
		await page.goto(`/${who}/opportunities/${id}`);
		const close = page.getByRole('button', { name: '关闭这条机会' });
		await close.click();
		const question = page.getByRole('alertdialog', { name: `真的要关闭《${title}》吗？关闭后，学员就看不到它了。` });
		await expect(question).toBeVisible();
		await expect(question).toBeInViewport();
		expect(closedAt(id)).toBeNull();
		await fitsThePhone(page);

		await question.getByRole('link', { name: '不关闭' }).click();
		await expect(page).toHaveURL(new RegExp(`/${who}/opportunities/${id}$`));
		await expect(page.getByRole('alertdialog')).toHaveCount(0);
		await expect(close).toBeVisible();
		expect(closedAt(id)).toBeNull();

		await close.click();
		await page.getByRole('alertdialog').getByRole('button', { name: '是，关闭' }).click();
		await expect(page.getByRole('status').filter({ hasText: '已关闭' })).toBeVisible();
		await expect(close).toHaveCount(0);
		expect(closedAt(id)).not.toBeNull();
		await context.close();
	});
}
