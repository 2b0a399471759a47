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
