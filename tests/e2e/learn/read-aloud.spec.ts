import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';

// Read-aloud on a phone 360 px wide. Headless Chromium has no voices of its own, so each test gives the page a
// speechSynthesis whose voice list is what the test needs (none, as in WeChat's browser, or a Chinese one) and
// which writes down what it is asked to say. Everything else on the page is the real thing.
test.use({ viewport: { width: 360, height: 740 } });

const COURSES = 'content/courses';
const strip = (name: string) => name.replace(/^\d{2}-/, '').replace(/\.md$/, '');

const frontMatter = (file: string) => readFileSync(file, 'utf8').split(/^---$/m)[1] ?? '';

/**
 * Lesson addresses of the shipped courses, with whether the lesson has a recorded narration (`audio:`) and
 * whether its course says a computer reads it (`narration: synthetic` in course.md).
 */
function lessons(): { path: string; narrated: boolean; synthetic: boolean }[] {
	return readdirSync(COURSES, { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.flatMap((d) => {
			const synthetic = /^narration:\s*synthetic\b/m.test(frontMatter(`${COURSES}/${d.name}/course.md`));
			return readdirSync(`${COURSES}/${d.name}`)
				.filter((f) => /^\d{2}-.+\.md$/.test(f))
				.map((f) => ({
					path: `/courses/${strip(d.name)}/${strip(f)}`,
					narrated: /^audio:\s*\S/m.test(frontMatter(`${COURSES}/${d.name}/${f}`)),
					synthetic
				}));
		});
}

type Voices = 'none' | 'chinese' | 'chinese-late';

/**
 * Replaces the page's voice list; what is said is kept in window.spoken. Each utterance ends by itself soon after,
 * unless the test sets window.autoEnd = false: then it lasts until the test calls window.endUtterance(), so the
 * test decides how far the reading gets (a fast machine would otherwise finish a lesson before the next click).
 */
async function stubVoices(page: Page, voices: Voices) {
	await page.addInitScript((voices: Voices) => {
		const spoken: string[] = [];
		const control = window as unknown as { spoken: string[]; autoEnd: boolean; endUtterance: () => void };
		control.spoken = spoken;
		control.autoEnd = true;
		let current: SpeechSynthesisUtterance | null = null;
		control.endUtterance = () => {
			const utterance = current;
			current = null;
			utterance?.onend?.(new Event('end') as SpeechSynthesisEvent);
		};
		const chinese = { lang: 'zh-CN', name: 'Test voice', default: true, localService: true, voiceURI: 'test' };
		let list = voices === 'chinese' ? [chinese] : [];
		const synth = Object.assign(new EventTarget(), {
			getVoices: () => list,
			speak(u: SpeechSynthesisUtterance) {
				spoken.push(u.text);
				current = u;
				if (control.autoEnd) setTimeout(() => control.endUtterance(), 50);
			},
			cancel() {
				current = null;
			},
			pause() {},
			resume() {}
		});
		// As on Android Chrome: the list is empty at first and arrives with a voiceschanged event.
		if (voices === 'chinese-late')
			setTimeout(() => {
				list = [chinese];
				synth.dispatchEvent(new Event('voiceschanged'));
			}, 300);
		Object.defineProperty(window, 'speechSynthesis', { value: synth });
	}, voices);
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);

test('without a Chinese voice a lesson says so plainly and has no read-aloud button', async ({ page }) => {
	const lesson = lessons().find((l) => !l.narrated);
	test.skip(!lesson, 'every lesson has a narration');
	await stubVoices(page, 'none');
	await page.goto(lesson!.path);
	await expect(page.getByRole('status').filter({ hasText: '这部手机不能朗读中文，请看文字学习。' })).toBeVisible();
	await expect(page.getByRole('button', { name: '朗读' })).toHaveCount(0);
	await expect(page.locator('audio')).toHaveCount(0);
	// Nor do its practice questions offer to be read (a quiz comes to life as the learner scrolls to it).
	const quiz = page.locator('.practice').first();
	test.skip((await quiz.count()) === 0, 'this lesson has no practice questions');
	await quiz.scrollIntoViewIfNeeded();
	await expect(quiz.getByRole('button', { name: '检查答案' }).first()).toBeVisible();
	await expect(page.getByRole('button', { name: '读题' })).toHaveCount(0);
});

test('without a Chinese voice a narrated lesson offers its recording', async ({ page }) => {
	const lesson = lessons().find((l) => l.narrated);
	// Narrations are recorded lesson by lesson (content/README.md, `audio:`); this runs once one has shipped.
	test.skip(!lesson, 'no shipped lesson has a recorded narration yet');
	await stubVoices(page, 'none');
	await page.goto(lesson!.path);
	await expect(page.getByRole('status').filter({ hasText: '这部手机不能朗读中文。可以点下面的录音' })).toBeVisible();
	await expect(page.getByRole('button', { name: '朗读' })).toHaveCount(0);
	// Learners are told honestly when a computer reads the recording (the phone-safety course's are espeak-ng's).
	const label = lesson!.synthetic ? '这一课的录音（是电脑读的）' : '这一课的录音';
	const figure = page.getByRole('figure', { name: label, exact: true });
	await expect(figure.getByText(label, { exact: true })).toBeVisible();
	const player = figure.locator('audio');
	await expect(player).toBeVisible();
	// The recording is really there (a very short one is inlined into the page by the build).
	const src = (await player.getAttribute('src'))!;
	if (src.startsWith('data:')) expect(src).toMatch(/^data:audio\//);
	else {
		const response = await page.request.get(src);
		expect(response.ok()).toBe(true);
		expect(response.headers()['content-type']).toMatch(/^audio\//);
	}
	expect((await player.boundingBox())!.width).toBeLessThanOrEqual(360);
});

test('with a Chinese voice the lesson and its practice questions are read aloud', async ({ page }) => {
	await stubVoices(page, 'chinese');
	await page.goto('/courses/raising-chickens/vaccination');
	await page.evaluate(() => ((window as unknown as { autoEnd: boolean }).autoEnd = false));
	await page.getByRole('button', { name: '朗读' }).click();
	await expect(page.getByRole('button', { name: '暂停' })).toBeVisible();
	// Four parts read, one after the other, and the reading still going on.
	for (let part = 1; part <= 4; part++) {
		await expect.poll(async () => (await spoken(page)).length).toBe(part);
		await page.evaluate(() => (window as unknown as { endUtterance: () => void }).endUtterance());
	}
	await expect.poll(async () => (await spoken(page)).length).toBe(5);
	const lesson = await spoken(page);
	expect(lesson[0]).toBe('按时打疫苗');
	expect(lesson).toContain('打疫苗是为了不让鸡得这些病。');
	await page.getByRole('button', { name: '停止' }).click();
	await expect(page.getByRole('button', { name: '朗读' })).toBeVisible();
	await page.evaluate(() => ((window as unknown as { autoEnd: boolean }).autoEnd = true));

	// The first practice question and its options, by its own speaker button (a full-size touch target).
	const question = page.locator('.practice fieldset').first();
	await question.scrollIntoViewIfNeeded();
	const speaker = question.getByRole('button', { name: '读题' });
	await speaker.scrollIntoViewIfNeeded();
	const box = (await speaker.boundingBox())!;
	expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
	const text = (await question.locator('legend .text').innerText()).trim();
	const options = (await question.locator('label.option').allInnerTexts()).map((o) => o.trim());
	const before = (await spoken(page)).length;
	await speaker.click();
	await expect.poll(async () => (await spoken(page)).slice(before)).toEqual([text, ...options]);
	await expect(question.getByRole('button', { name: '读题' })).toBeVisible();
});

test('a Chinese voice that arrives late (as on Android) still brings the read-aloud button', async ({ page }) => {
	await stubVoices(page, 'chinese-late');
	await page.goto('/courses/raising-chickens/vaccination');
	await expect(page.getByRole('button', { name: '朗读' })).toBeVisible();
	await expect(page.getByText('这部手机不能朗读中文')).toHaveCount(0);
});
