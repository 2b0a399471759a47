// The village page (issue 16): a learner sees her own village's figures and the township's villages ranked,
// never another learner's name unless that learner chose to be a star; she opts in and then appears; offline
// the page shows her own last figures.
import { expect, test } from '@playwright/test';
import { newLearner, query, signIn } from '../helpers';
import { controlledByServiceWorker } from '../offline/phone';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

test('a learner sees her village and the ranking, opts in to 学习之星 and then appears', async ({ page, context }) => {
	test.slow();
	// 铜厂乡's first household is in 新安村 (the learners' tests learn in 铜厂乡, see newLearner).
	const learner = newLearner({ name: `星${Date.now().toString().slice(-6)}` });
	const { village } = query<{ village: string }>(
		`select v.name as village from users u join households h on h.id = u.household_id
		 join villages v on v.id = h.village_id where u.id = ?`,
		learner.id
	)[0];
	await signIn(page, learner);
	await page.goto('/');
	await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的村' }).click();
	await expect(page.getByRole('heading', { level: 1, name: village })).toBeVisible();
	await expect(page.getByText('有人拿到证书的户')).toBeVisible();
	await expect(page.getByText('本月学完的课')).toBeVisible();
	const ranking = page.getByRole('region', { name: '全乡各村排名' });
	await expect(ranking.getByRole('listitem').filter({ hasText: '第' })).toHaveCount(2);
	await expect(ranking.getByText('我们村')).toBeVisible();
	await expect(ranking.getByText('大坪村')).toBeVisible();

	// No learner's name is on the page but those of learners who chose to be listed.
	const hidden = query<{ name: string }>(
		`select u.name from users u left join learner_settings s on s.user_id = u.id
		 where u.role = 'learner' and coalesce(s.show_as_star, 0) = 0 and length(u.name) >= 2`
	).map((r) => r.name);
	const text = await page.locator('main').innerText();
	expect(hidden.filter((name) => text.includes(name))).toEqual([]);

	// She learns a lesson; she is not listed until she says so.
	await page.goto('/courses/raising-chickens/chicken-house');
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('这一课已学完')).toBeVisible();
	await expect
		.poll(() => query(`select 1 from lesson_completions where user_id = ?`, learner.id).length, { timeout: 30_000 })
		.toBe(1);
	await page.goto('/village');
	const stars = page.getByRole('region', { name: '本月学习之星' });
	await expect(stars.getByRole('link', { name: '想上学习之星？在“我”里面打开。' })).toBeVisible();
	await expect(stars.getByText(learner.name)).toHaveCount(0);

	await stars.getByRole('link', { name: '想上学习之星？在“我”里面打开。' }).click();
	await expect(page).toHaveURL(/\/me#star$/);
	const setting = page.getByRole('region', { name: '学习之星' });
	await setting.getByLabel('同意上“学习之星”').check();
	await setting.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('已保存。')).toBeVisible();

	await page.goto('/village');
	// Her own line: other stars of the village (the demo's learner early in a month) may have learned one lesson too.
	const mine = stars.getByRole('listitem').filter({ hasText: learner.name });
	await expect(mine).toHaveCount(1);
	await expect(mine).toContainText('学完 1 课');
	await expect(stars.getByText('你已同意上学习之星。')).toBeVisible();

	// Offline, the page shows her own figures as last loaded.
	await controlledByServiceWorker(page);
	await page.goto('/village');
	await expect(stars.getByText(learner.name)).toBeVisible();
	await context.setOffline(true);
	await page.reload();
	await expect(page.getByText(/没有网络，下面是 .* 的数据。/)).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: village })).toBeVisible();
	await expect(stars.getByText(learner.name)).toBeVisible();
	await context.setOffline(false);
});
