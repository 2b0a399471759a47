import { expect, test, type Page } from '@playwright/test';
import { apiAs, newAccount, newLearner, query, signIn, type Learner } from '../helpers';
import { controlledByServiceWorker } from '../offline/phone';

// What the service worker keeps (the course page, offline) is part of what this test checks.
test.use({ serviceWorkers: 'allow' });

// Not the course whose lesson counts the trainer test compares with the database while it runs.
const COURSE = 'shop-accounts';

/** Marks every lesson of the course done for `learner`, through /api/sync as a phone would. */
async function finishLessons(learner: Learner) {
	const api = await apiAs(learner);
	const html = await (await api.get(`/courses/${COURSE}`)).text();
	const lessons = [
		...new Set([...html.matchAll(new RegExp(`href="/courses/${COURSE}/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]))
	].filter((slug) => slug !== 'exam');
	expect(lessons.length).toBeGreaterThan(1);
	const lessonPage = await (await api.get(`/courses/${COURSE}/${lessons[0]}`)).text();
	const contentVersion = lessonPage.match(/name="contentVersion" value="([0-9a-f]+)"/)![1];
	const events = lessons.map((lessonSlug) => ({
		id: crypto.randomUUID(),
		userId: learner.id,
		kind: 'lesson_completed',
		courseSlug: COURSE,
		lessonSlug,
		contentVersion,
		clientAt: new Date().toISOString()
	}));
	const response = await api.post('/api/sync', { data: { events } });
	expect(response.status()).toBe(200);
	await api.dispose();
}

const ratingsOf = (learner: Learner) =>
	query<{ face: string; comment: string | null }>(
		`select face, comment from learner_ratings where user_id = ? and course_slug = ? and lesson_slug = ''`,
		learner.id,
		COURSE
	);

const face = (page: Page, name: string) =>
	page.getByRole('group', { name: '这门课对你有用吗？' }).getByRole('button', { name, exact: true });

test('a learner rates a finished course offline; after sync the trainer sees the rating and the comment, without a name', async ({
	page,
	context,
	browser
}) => {
	test.slow();
	const learner = newLearner();
	await finishLessons(learner);
	await signIn(page, learner);
	await page.goto(`/courses/${COURSE}`);
	await controlledByServiceWorker(page);
	await expect(face(page, '有用')).toBeVisible();

	// Offline: the page comes from the phone, and the tap and the comment wait in the outbox.
	await context.setOffline(true);
	await page.reload();
	await expect(face(page, '有用')).toHaveAttribute('aria-pressed', 'false');
	await face(page, '有用').click();
	await expect(face(page, '有用')).toHaveAttribute('aria-pressed', 'true');
	// Markup typed by a learner is text, wherever it is shown.
	const comment = `账本那一课很有用，<b>谢谢老师</b> ${learner.username.slice(-4)}`;
	await page.getByLabel(/还想说点什么/).fill(comment);
	await page.getByRole('button', { name: '发送' }).click();
	await expect(page.getByText(`你写的： ${comment}`)).toBeVisible();
	await expect(page.getByText('2 条记录待同步')).toBeVisible();
	// A reload offline shows the rating as given.
	await page.reload();
	await expect(face(page, '有用')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByText(`你写的： ${comment}`)).toBeVisible();
	expect(ratingsOf(learner)).toEqual([]);

	// Back online, the outbox sends both; the latest (the face with its comment) stands.
	await context.setOffline(false);
	await expect.poll(() => ratingsOf(learner)).toEqual([{ face: 'useful', comment }]);
	await expect(page.getByText(/条记录待同步/)).toHaveCount(0);
	await expect(face(page, '有用')).toHaveAttribute('aria-pressed', 'true');

	// The trainer's page of the course: the faces counted (the demo's learners rated it too), the comment as typed,
	// and nobody's name or account.
	const faces = Object.fromEntries(
		query<{ face: string; n: number }>(
			`select r.face, count(*) as n from learner_ratings r join users u on u.id = r.user_id
			 where r.course_slug = ? and r.lesson_slug = '' and u.role = 'learner' group by r.face`,
			COURSE
		).map((r) => [r.face, r.n])
	);
	expect(faces.useful).toBeGreaterThan(0);
	const counted = `😟 难懂 ${faces.hard ?? 0} 人 · 😐 一般 ${faces.ok ?? 0} 人 · 😊 有用 ${faces.useful} 人`;
	const trainerContext = await browser.newContext();
	const trainerPage = await trainerContext.newPage();
	await signIn(trainerPage, newAccount('trainer'));
	const data = await trainerPage.request.get(`/trainer/courses/${COURSE}/__data.json`);
	expect(data.status()).toBe(200);
	const sent = await data.text();
	expect(sent).toContain('谢谢老师');
	for (const trace of [learner.name, learner.username, `"userId"`, '铜厂乡']) expect(sent).not.toContain(trace);
	await trainerPage.goto(`/trainer/courses/${COURSE}`);
	const voice = trainerPage.getByRole('region', { name: '学员怎么说' });
	await expect(voice.getByText(`对整门课： ${counted}`)).toBeVisible();
	await expect(voice.getByRole('listitem').filter({ hasText: comment })).toContainText('整门课');
	await expect(voice.locator('b')).toHaveCount(0);
	expect(await trainerPage.locator('main').innerText()).not.toContain(learner.name);
	await trainerContext.close();

	// A family member on the same phone after a sign-out sees none of it.
	await page.goto('/me');
	await page.getByRole('button', { name: '退出登录', exact: true }).click();
	await expect(page).toHaveURL(/\/login/);
	const sister = newLearner();
	await finishLessons(sister);
	await signIn(page, sister);
	await page.goto(`/courses/${COURSE}`);
	await expect(face(page, '有用')).toHaveAttribute('aria-pressed', 'false');
	await expect(page.getByText(comment)).toHaveCount(0);

	// On a lesson: "我没看懂" with one tap, and the lesson's own rating (it is done).
	await page.getByRole('link', { name: '再看一遍' }).click();
	await expect(page.getByRole('button', { name: '我没看懂' })).toBeVisible();
	const lesson = new URL(page.url()).pathname.split('/').pop()!;
	await page.getByRole('button', { name: '我没看懂' }).click();
	await expect(page.getByText('已经告诉老师这一课没看懂')).toBeVisible();
	await expect(page.getByRole('group', { name: '这一课怎么样？' })).toBeVisible();
	await expect
		.poll(
			() =>
				query<{ n: number }>(
					`select count(*) as n from lesson_not_understood where user_id = ? and course_slug = ? and lesson_slug = ?`,
					sister.id,
					COURSE,
					lesson
				)[0].n
		)
		.toBe(1);
});
