// Staff follow-up (issue 16): a learner who needs help shows with the reason, staff call and note the contact,
// and the note shows in the list filtered to contacted learners.
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { newAccount, newLearner, signIn } from '../helpers';

test('staff open needs-help, see the reason, mark contacted with a note, and see it in the filtered list', async ({
	page
}) => {
	const learner = newLearner({ township: '金河镇', name: `跟进${Date.now().toString().slice(-6)}` });
	// Enrolled six weeks ago and never started: the test's own learner, dated back in the test's database.
	const db = new Database('tests/.tmp/e2e.db', { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	db.prepare(`update users set created_at = ? where id = ?`).run(Date.now() - 42 * 86_400_000, learner.id);
	db.close();

	await signIn(page, newAccount('staff', '金河镇'));
	// The records page ranks the township's villages, with the change since last month.
	await page.goto('/staff/records');
	const ranking = page.getByRole('region', { name: '全乡各村排名' });
	await expect(ranking.getByText(/^第 \d 名$/)).toHaveCount(3);
	await expect(ranking.getByText('马鞍底村')).toBeVisible();
	await expect(ranking.getByText('新安村')).toHaveCount(0);
	await page.getByRole('link', { name: '需要帮助' }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: '需要帮助的学员' })).toBeVisible();
	await page.getByLabel('显示').selectOption('open');
	await page.getByRole('button', { name: '筛选' }).click();
	await expect(page).toHaveURL(/show=open/);
	const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: learner.name }) });
	await expect(card.getByText('报名后还没开始学')).toBeVisible();
	await expect(card.getByRole('link', { name: `打电话 ${learner.username}` })).toHaveAttribute(
		'href',
		`tel:${learner.username}`
	);

	// A note that is too long is refused, keeping what was typed.
	await card.getByText('记下已联系').click();
	await card.getByLabel('说了什么（简短）').evaluate((input: HTMLInputElement) => input.removeAttribute('maxlength'));
	await card.getByLabel('说了什么（简短）').fill('好'.repeat(201));
	await card.getByRole('button', { name: '保存' }).click();
	await expect(card.getByText('太长了，最多 200 个字。')).toBeVisible();
	await expect(card.getByLabel('说了什么（简短）')).toHaveValue('好'.repeat(201));

	await card.getByLabel('说了什么（简短）').fill('打了电话，她说这周开始学。');
	await card.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('已记下。')).toBeVisible();
	// Not in the "not contacted" list any more.
	await expect(page.getByRole('link', { name: learner.name })).toHaveCount(0);

	await page.getByLabel('显示').selectOption('contacted');
	await page.getByRole('button', { name: '筛选' }).click();
	const contacted = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: learner.name }) });
	await expect(contacted.getByText(/已联系 \d{4}年\d{1,2}月\d{1,2}日：打了电话，她说这周开始学。/)).toBeVisible();

	// The learner's own page shows the reason and the note too.
	await contacted.getByRole('link', { name: learner.name }).click();
	const followUp = page.getByRole('region', { name: '跟进' });
	await expect(followUp.getByText('报名后还没开始学')).toBeVisible();
	await expect(followUp.getByText(/打了电话，她说这周开始学。/)).toBeVisible();
	await expect(page.getByRole('region', { name: '各课程进度' }).getByText('还没有开始任何课程。')).toBeVisible();
});

test.describe('on a phone 360 px wide', () => {
	test.use({ viewport: { width: 360, height: 740 } });

	test('the learner list filters to those who need help, with the reasons, keeping search and pages', async ({
		page
	}) => {
		// 51 learners of the test's own who enrolled six weeks ago and never started (two pages of 50), and one who
		// learned yesterday: the filter keeps the 51, the search keeps to the test's own.
		const tag = `筛${Date.now().toString(36).slice(-5)}`;
		const stuck = Array.from({ length: 51 }, (_, i) => newLearner({ name: `${tag}${String(i).padStart(2, '0')}` }));
		const busy = newLearner({ name: `${tag}忙` });
		const db = new Database('tests/.tmp/e2e.db', { fileMustExist: true });
		db.pragma('busy_timeout = 5000');
		const back = db.prepare(`update users set created_at = ? where id = ?`);
		for (const learner of stuck) back.run(Date.now() - 42 * 86_400_000, learner.id);
		db.prepare(`update users set created_at = ?, last_active_at = ? where id = ?`).run(
			Date.now() - 42 * 86_400_000,
			Date.now() - 86_400_000,
			busy.id
		);
		db.close();

		await signIn(page, newAccount('staff', '铜厂乡'));
		await page.goto('/staff');
		await page.getByLabel('查找学员').fill(tag);
		await page.getByRole('button', { name: '查找' }).click();
		await expect(page.getByText('共 52 人')).toBeVisible();

		await page.getByLabel('只看需要帮助的学员').check();
		await page.getByRole('button', { name: '查找' }).click();
		await expect(page).toHaveURL(/help=1/);
		await expect(page.getByText('共 51 人')).toBeVisible();
		await expect(page.getByLabel('只看需要帮助的学员')).toBeChecked();
		await expect(page.getByLabel('查找学员')).toHaveValue(tag);
		await expect(page.getByRole('link', { name: new RegExp(`^${busy.name}`) })).toHaveCount(0);
		const first = page
			.getByRole('listitem')
			.filter({ has: page.getByRole('link', { name: new RegExp(`^${stuck[50].name}`) }) });
		await expect(first.getByText('报名后还没开始学')).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

		// Page 2 keeps the filter and the search: the one left is the oldest of the 51 (newest first).
		await page.getByRole('link', { name: '下一页' }).click();
		await expect(page).toHaveURL(/page=2/);
		await expect(page.getByText('2 / 2')).toBeVisible();
		await expect(page.getByRole('link', { name: new RegExp(`^${stuck[0].name}`) })).toBeVisible();
		await expect(page.getByRole('link', { name: new RegExp(`^${busy.name}`) })).toHaveCount(0);
		await expect(page.getByRole('listitem').filter({ hasText: tag })).toHaveCount(1);
	});
});
