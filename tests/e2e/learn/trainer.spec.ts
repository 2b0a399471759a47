import { expect, test } from '@playwright/test';
import { query, signIn } from '../helpers';

test("a trainer sees where a course's learners stop and which exam questions they miss, without names", async ({
	page
}) => {
	await signIn(page, 'trainer');
	await page.goto('/trainer');
	const card = page.getByRole('listitem', { name: '家庭养鸡' });
	// What the course holds and whether it passes the check, on its card.
	await expect(card).toContainText('学员在用第 1 版');
	await expect(card).toContainText(/\d+ 课 · \d+ 道练习题 · \d+ 道考试题/);
	await expect(card).toContainText('检查通过');
	await card.getByRole('link', { name: '学员学得怎么样' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('家庭养鸡：学员学得怎么样');

	// The demo county's history: the numbers on the page are the database's.
	const firstLesson = query<{ n: number }>(
		`select count(*) as n from lesson_completions where course_slug = 'raising-chickens' and lesson_slug = 'chicken-house'`
	)[0].n;
	expect(firstLesson).toBeGreaterThan(0);
	const lessons = page.getByRole('region', { name: '每一课有多少人学完' }).getByRole('listitem');
	await expect(lessons.first()).toContainText(`${firstLesson} 人`);

	const attempts = query<{ n: number }>(
		`select count(*) as n from exam_attempts where course_slug = 'raising-chickens' and ticket_id is not null`
	)[0].n;
	const exam = page.getByRole('region', { name: '考试题答得怎么样（最难的在前）' });
	await expect(exam.getByText(`根据最近的 ${attempts} 次考试。`)).toBeVisible();
	await expect(exam.getByText(/^第 \d+ 题：答对 \d+%/).first()).toBeVisible();
	// Counts only: no learner's name appears.
	const names = query<{ name: string }>(`select name from users where role = 'learner' and last_active_at is not null`);
	const text = await page.locator('main').innerText();
	for (const { name } of names) expect(text).not.toContain(name);
});
