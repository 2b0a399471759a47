import { expect, test, type Page } from '@playwright/test';
import { apiAs, BASE_URL, newAccount, newLearner, query, signIn, type Learner } from '../helpers';
import { controlledByServiceWorker } from '../offline/phone';

// What the service worker keeps (the course page, offline) is part of what this test checks.
test.use({ serviceWorkers: 'allow' });

// Not the course whose lesson counts the trainer test compares with the database while it runs.
const COURSE = 'shop-accounts';

/** Marks every lesson of the course done for `learner`, through /api/sync as a phone would. */
async function finishLessons(learner: Learner, course = COURSE) {
	const api = await apiAs(learner);
	const html = await (await api.get(`/courses/${course}`)).text();
	const lessons = [
		...new Set([...html.matchAll(new RegExp(`href="/courses/${course}/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]))
	].filter((slug) => slug !== 'exam');
	expect(lessons.length).toBeGreaterThan(1);
	const lessonPage = await (await api.get(`/courses/${course}/${lessons[0]}`)).text();
	const contentVersion = lessonPage.match(/name="contentVersion" value="([0-9a-f]+)"/)![1];
	const events = lessons.map((lessonSlug) => ({
		id: crypto.randomUUID(),
		userId: learner.id,
		kind: 'lesson_completed',
		courseSlug: course,
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

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, serviceWorkers: 'block' });

	// Another course than the one whose faces the test above counts on the trainer's page while it runs.
	const PLAIN = 'phone-safety';
	const feedbackOf = (learner: Learner, lesson = '') => ({
		ratings: query<{ face: string; comment: string | null }>(
			`select face, comment from learner_ratings where user_id = ? and course_slug = ? and lesson_slug = ?`,
			learner.id,
			PLAIN,
			lesson
		),
		events: query<{ kind: string; n: number }>(
			`select kind, count(*) as n from learning_events where user_id = ? and kind in ('rating', 'not_understood')
			 group by kind order by kind`,
			learner.id
		)
	});

	test('a learner rates the course on the exam result page with form posts, and the trainer sees it', async ({
		page,
		browser
	}) => {
		test.slow();
		const learner = newLearner();
		await finishLessons(learner, PLAIN);
		await signIn(page, learner);
		await page.goto(`/courses/${PLAIN}/exam`);
		await page.getByRole('button', { name: '交卷' }).click();
		await expect(page).toHaveURL(/\/exam\/result\//);

		const faces = page.getByRole('group', { name: '这门课对你有用吗？' });
		const face = (name: string) => faces.getByRole('button', { name, exact: true });
		await expect(face('有用')).toHaveAttribute('aria-pressed', 'false');
		await face('有用').click();
		await expect(face('有用')).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByText('谢谢！老师会看到你的意见。')).toBeVisible();
		const comment = `考试题目很清楚，<b>谢谢</b> ${learner.username.slice(-4)}`;
		await page.getByLabel(/还想说点什么/).fill(comment);
		await page.getByRole('button', { name: '发送' }).click();
		await expect(page.getByText(`你写的： ${comment}`)).toBeVisible();
		// Another face keeps the comment.
		await face('一般').click();
		await expect(face('一般')).toHaveAttribute('aria-pressed', 'true');
		await expect(face('有用')).toHaveAttribute('aria-pressed', 'false');
		await expect(page.getByText(`你写的： ${comment}`)).toBeVisible();
		expect(feedbackOf(learner)).toEqual({ ratings: [{ face: 'ok', comment }], events: [{ kind: 'rating', n: 3 }] });

		// A comment too long (a form sent by other means than this page's) is refused in words, and kept to shorten.
		const form = { face: 'ok', comment: '太长'.repeat(101) };
		const sent = async (fields: Record<string, string>) =>
			page.request.post(`${new URL(page.url()).pathname}?/rate`, {
				form: fields,
				headers: { origin: BASE_URL, accept: 'text/html' },
				maxRedirects: 0
			});
		const shown = await (await page.request.get(page.url())).text();
		const eventId = shown.match(/name="eventId" value="([^"]+)"/)![1];
		const contentVersion = shown.match(/name="contentVersion" value="([^"]+)"/)![1];
		const refused = await sent({ ...form, eventId, contentVersion });
		expect(refused.status()).toBe(400);
		const html = await refused.text();
		expect(html).toContain('留言太长了，最多 200 个字。');
		expect(html).toContain(`>${form.comment}</textarea>`);
		// The same form sent twice counts once.
		for (let i = 0; i < 2; i++) expect((await sent({ face: 'useful', eventId, contentVersion })).status()).toBe(200);
		expect(feedbackOf(learner)).toEqual({
			ratings: [{ face: 'useful', comment }],
			events: [{ kind: 'rating', n: 4 }]
		});

		// The trainer's page of the course shows the comment, with nobody's name.
		const trainerContext = await browser.newContext();
		const trainerPage = await trainerContext.newPage();
		await signIn(trainerPage, newAccount('trainer'));
		await trainerPage.goto(`/trainer/courses/${PLAIN}`);
		const voice = trainerPage.getByRole('region', { name: '学员怎么说' });
		await expect(voice.getByRole('listitem').filter({ hasText: comment })).toContainText('整门课');
		expect(await trainerPage.locator('main').innerText()).not.toContain(learner.name);
		await trainerContext.close();
	});

	test('after marking a lesson done, a learner rates it and says "我没看懂" with form posts; the page itself stays the same for everyone', async ({
		page
	}) => {
		const learner = newLearner();
		const lesson = 'personal-info';
		await signIn(page, learner);
		await page.goto(`/courses/${PLAIN}/${lesson}`);
		const faces = page.getByRole('group', { name: '这一课怎么样？' });
		const face = (name: string) => faces.getByRole('button', { name, exact: true });
		await expect(faces).toHaveCount(0);
		await page.getByRole('button', { name: '这一课学完了' }).click();
		await expect(page.getByText('这一课已学完')).toBeVisible();

		await face('难懂').click();
		await expect(face('难懂')).toHaveAttribute('aria-pressed', 'true');
		await expect(page.getByText('这一课已学完')).toBeVisible();
		const comment = `验证码那里没看明白 ${learner.username.slice(-4)}`;
		await page.getByLabel(/还想说点什么/).fill(comment);
		await page.getByRole('button', { name: '发送' }).click();
		await expect(page.getByText(`你写的： ${comment}`)).toBeVisible();
		await page.getByRole('button', { name: '我没看懂' }).click();
		await expect(page.getByText('已经告诉老师这一课没看懂')).toBeVisible();
		await expect(face('难懂')).toHaveAttribute('aria-pressed', 'true');
		expect(feedbackOf(learner, lesson)).toEqual({
			ratings: [{ face: 'hard', comment }],
			events: [
				{ kind: 'not_understood', n: 1 },
				{ kind: 'rating', n: 2 }
			]
		});
		expect(
			query<{ n: number }>(
				`select count(*) as n from lesson_not_understood where user_id = ? and course_slug = ? and lesson_slug = ?`,
				learner.id,
				PLAIN,
				lesson
			)[0].n
		).toBe(1);

		// Only the answers to the posts said what this learner gave: the page, loaded again, does not.
		await page.goto(`/courses/${PLAIN}/${lesson}`);
		await expect(page.getByRole('button', { name: '这一课学完了' })).toBeVisible();
		await expect(faces).toHaveCount(0);
		await expect(page.getByText(comment)).toHaveCount(0);
	});
});
