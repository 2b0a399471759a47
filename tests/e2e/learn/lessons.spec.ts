import { expect, test } from '@playwright/test';
import { apiAs, newLearner, query, signIn } from '../helpers';

const LESSON = '/courses/shop-accounts/daily-ledger';

test('the catalog filters by category and finds courses by words in their lessons', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('link', { name: /家庭养鸡/ })).toBeVisible();
	await page.getByRole('link', { name: '上网安全' }).click();
	await expect(page.getByRole('link', { name: '上网安全' })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('link', { name: /安全用手机/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /家庭养鸡/ })).toHaveCount(0);
	await page.getByRole('link', { name: '全部' }).click();
	// The form carries the chosen category: search only once "all" is the page shown.
	await expect(page.getByRole('link', { name: '全部' })).toHaveAttribute('aria-current', 'page');
	await page.getByRole('searchbox').fill('疫苗');
	await page.getByRole('button', { name: '找课程' }).click();
	await expect(page.getByRole('link', { name: /家庭养鸡/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /安全用手机/ })).toHaveCount(0);
});

test('a lesson reads comfortably and links to its neighbours', async ({ page }) => {
	await page.goto(LESSON);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('每天记一本流水账');
	const style = await page
		.locator('article.lesson p')
		.first()
		.evaluate((p) => {
			const s = getComputedStyle(p);
			return { size: parseFloat(s.fontSize), lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize) };
		});
	expect(style.size).toBeGreaterThanOrEqual(18);
	expect(style.lineHeight).toBeGreaterThanOrEqual(1.7);
	await page.getByRole('link', { name: '下一课 →' }).click();
	await expect(page).toHaveURL(/\/courses\/shop-accounts\/cost-and-price$/);
	await page.getByRole('link', { name: '← 上一课' }).click();
	await expect(page).toHaveURL(new RegExp(`${LESSON}$`));
});

test('practice questions give instant feedback with the explanation', async ({ page }) => {
	await page.goto('/courses/raising-chickens/vaccination');
	const question = page.getByRole('group', { name: /第 2 题 高致病性禽流感疫苗可打可不打/ });
	// A quiz comes to life as the learner scrolls towards it.
	await question.scrollIntoViewIfNeeded();
	await question.getByRole('button', { name: '检查答案' }).click();
	await expect(question.getByText('请先选答案。')).toBeVisible();
	await question.getByText('对', { exact: true }).click();
	await question.getByRole('button', { name: '检查答案' }).click();
	await expect(question.getByText('还不对，再想一想。')).toBeVisible();
	await expect(question.getByText(/强制免疫/).first()).toBeVisible();
});

for (const lesson of ['raising-chickens/money', 'raising-chickens/vaccination']) {
	test(`nothing moves under a finger on ${lesson}: pictures keep their room, quizzes come alive in place`, async ({
		page
	}) => {
		await signIn(page, newLearner());
		await page.goto(`/courses/${lesson}`);
		const done = page.getByRole('button', { name: '这一课学完了' });
		const top = () => done.evaluate((button) => Math.round(button.getBoundingClientRect().top + window.scrollY));
		const before = await top();
		// Near the end of the lesson: its quizzes come to life and its pictures load.
		await done.scrollIntoViewIfNeeded();
		const quizzes = page.locator('.practice[data-questions]');
		await expect(quizzes.last().getByRole('button', { name: '检查答案' }).first()).toBeVisible();
		await expect
			.poll(() =>
				page.locator('article img').evaluateAll((images) => images.every((i) => (i as HTMLImageElement).complete))
			)
			.toBe(true);
		expect(await top()).toBe(before);
	});
}

for (const javaScriptEnabled of [true, false]) {
	test(`marking a lesson done records one completion (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async ({
		browser
	}) => {
		const learner = newLearner();
		const context = await browser.newContext({ javaScriptEnabled });
		const page = await context.newPage();
		const lesson = javaScriptEnabled ? '/courses/phone-safety/common-scams' : '/courses/phone-safety/stop-scams';
		const slug = lesson.split('/').pop();
		await page.goto(lesson);
		// The page is the same for everyone (a phone may keep it): with JavaScript it asks who is signed in and
		// offers the sign-in; without, the button asks the server, which sends a stranger to sign in first.
		if (javaScriptEnabled) await page.getByRole('link', { name: '登录后点这里，记下学完的课' }).click();
		else await page.getByRole('button', { name: '这一课学完了' }).click();
		await page.getByLabel('手机号或登录号').fill(learner.username);
		await page.getByLabel('密码').fill(learner.password);
		await page.getByRole('button', { name: '登录' }).click();
		// Without JavaScript the form's answer opens at the button (#finish), through the sign-in too.
		await expect(page).toHaveURL(new RegExp(`${lesson}(\\?/complete)?(#finish)?$`));
		await page.getByRole('button', { name: '这一课学完了' }).click();
		await expect(page.getByText('这一课已学完')).toBeVisible();
		// Progress is drawn by the phone from the learner's own store: without JavaScript, only the answer to
		// the post says so (the page itself never carries a learner's progress).
		if (javaScriptEnabled) {
			await page.reload();
			await expect(page.getByText('这一课已学完')).toBeVisible();
		}
		// With JavaScript the completion goes through the outbox and arrives a moment later.
		await expect
			.poll(
				() =>
					query<{ n: number }>(
						`select count(*) as n from lesson_completions where user_id = ? and lesson_slug = ?`,
						learner.id,
						slug
					)[0].n
			)
			.toBe(1);
		if (javaScriptEnabled) {
			await page.goto('/courses/phone-safety');
			await expect(page.getByText('已学完 1 / 6 课')).toBeVisible();
		}
		await context.close();
	});
}

test('the same completion sent twice (a retry or a double tap) counts once', async () => {
	const api = await apiAs(newLearner());
	const html = await (await api.get('/courses/raising-chickens/feed-and-water')).text();
	const eventId = html.match(/name="eventId" value="([0-9a-f-]{36})"/)![1];
	const version = html.match(/name="contentVersion" value="([0-9a-f]+)"/)![1];
	for (let i = 0; i < 2; i++) {
		const response = await api.post('/courses/raising-chickens/feed-and-water?/complete', {
			form: { eventId, contentVersion: version },
			maxRedirects: 0
		});
		expect(response.status()).toBe(200);
	}
	expect(query<{ n: number }>(`select count(*) as n from learning_events where id = ?`, eventId)[0].n).toBe(1);
	const completions = query<{ n: number }>(
		`select count(*) as n from lesson_completions where event_id = ? and lesson_slug = 'feed-and-water'`,
		eventId
	);
	expect(completions[0].n).toBe(1);
	await api.dispose();
});

test('read-aloud reads sentence by sentence with a Chinese voice, and can pause and stop', async ({ page }) => {
	// Headless Chromium has no voices; give it one that records what it is asked to say.
	await page.addInitScript(() => {
		const spoken: string[] = [];
		(window as unknown as { spoken: string[] }).spoken = spoken;
		const voice = { lang: 'zh-CN', name: 'Test voice', default: true, localService: true, voiceURI: 'test' };
		const synth = {
			getVoices: () => [voice],
			speak(u: SpeechSynthesisUtterance) {
				spoken.push(u.text);
				setTimeout(() => u.onend?.(new Event('end') as SpeechSynthesisEvent), 300);
			},
			cancel() {},
			pause() {},
			resume() {},
			addEventListener() {},
			removeEventListener() {}
		};
		Object.defineProperty(window, 'speechSynthesis', { value: synth });
	});
	await page.goto(LESSON);
	await page.getByRole('button', { name: '朗读' }).click();
	await expect(page.getByRole('button', { name: '暂停' })).toBeVisible();
	await expect
		.poll(() => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken.length))
		.toBeGreaterThan(3);
	const first = await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken[0]);
	expect(first).toBe('每天记一本流水账');
	await page.getByRole('button', { name: '暂停' }).click();
	await expect(page.getByRole('button', { name: '继续' })).toBeVisible();
	await page.getByRole('button', { name: '停止' }).click();
	await expect(page.getByRole('button', { name: '朗读' })).toBeVisible();
});

test('without a Chinese voice there is no read-aloud button', async ({ page }) => {
	await page.addInitScript(() => {
		const synth = { getVoices: () => [], cancel() {}, addEventListener() {}, removeEventListener() {} };
		Object.defineProperty(window, 'speechSynthesis', { value: synth });
	});
	await page.goto(LESSON);
	// The page says so once it has waited for late voices; only then is the missing button a fact.
	await expect(page.getByText('这部手机不能朗读中文')).toBeVisible();
	await expect(page.getByRole('button', { name: '朗读' })).toHaveCount(0);
});
