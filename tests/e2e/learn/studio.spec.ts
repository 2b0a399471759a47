// The trainer studio on a phone: a new course written, checked, previewed and published; a learner takes it to a
// certificate; version 2 changes a lesson and the learner's finished lessons still count. Each test makes a
// course of its own (a new slug), so nothing another test reads changes.
import { expect, test } from '@playwright/test';
import { BASE_URL, newAccount, newLearner, signIn } from '../helpers';
import { editFile, newCourse, publish, saveClean, startEditing } from './studio';

const PICTURE =
	'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" width="120" height="80">' +
	'<rect width="120" height="80" fill="#cde8c8"/><path d="M60 70V30M60 40l-20-15M60 50l20-15" stroke="#2d6a2d" stroke-width="6"/></svg>';

const LESSON = (extra: string) =>
	[
		'---',
		'title: 怎样采茶',
		'minutes: 10',
		'---',
		'',
		'采茶要选晴天的上午，露水干了再采。',
		extra,
		'![一棵茶树](tea.svg)',
		'',
		'```quiz',
		'单选：什么时候采茶最好？',
		'- [x] 晴天上午，露水干了以后',
		'- [ ] 下大雨的时候',
		'解释：叶子上有水，茶叶容易坏。',
		'```',
		''
	].join('\n');

// The checker asks for at least ten exam questions.
const EXAM = [
	'---',
	'title: 结业考试',
	'---',
	'',
	'```quiz',
	...Array.from({ length: 10 }, (_, i) => [
		`单选：第 ${i + 1} 题，采茶要注意什么？`,
		`- [x] 对的做法 ${i + 1}`,
		`- [ ] 错的做法 ${i + 1}`,
		'解释：叶子上有水，茶叶容易坏。',
		'复习：01-first-lesson.md',
		''
	]).flat(),
	'```',
	''
].join('\n');

test('a trainer writes a course on a phone, fixes what the checker finds, previews, publishes, and a learner passes it', async ({
	page,
	browser
}) => {
	test.slow();
	const slug = `tea-${Date.now().toString(36)}`;
	const title = `采茶入门 ${slug.slice(-4)}`;
	await signIn(page, newAccount('trainer'));
	await newCourse(page, slug, title);

	// A picture from the phone's files.
	await page
		.getByLabel('上传图片或录音')
		.setInputFiles({ name: 'tea.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(PICTURE) });
	await page.getByRole('button', { name: '上传', exact: true }).click();
	await expect(page.getByText('tea.svg')).toBeVisible();

	// A mistake: a tag the format does not allow, on line 7. The checker names the line as it is typed.
	await editFile(page, slug, '01-first-lesson.md', LESSON('<div>不能用的写法</div>'));
	const problems = page.locator('#problems');
	await expect(problems.getByRole('button', { name: '第 7 行' })).toBeVisible();
	await expect(problems.getByRole('listitem')).toContainText('不能用 <div>。课程文件只能用 markdown');
	// A box left open is found when the page is made: still at the line the trainer wrote it on.
	await page.getByLabel('内容').fill(LESSON('<Tip>没有关上的提示'));
	await expect(problems.getByRole('listitem')).toContainText('<Tip> 没有结束。请在它的内容后面写 </Tip>。');
	await expect(problems.getByRole('button', { name: '第 7 行' })).toBeVisible();
	await page.getByRole('button', { name: '第 7 行' }).click();
	await page.getByLabel('内容').fill(LESSON('茶叶要放在竹筐里，不要压紧。'));
	await expect(problems.getByText('这个文件没有问题。')).toBeVisible();
	// The preview is what learners get: the text, the picture from the draft, the practice question.
	const preview = page.getByRole('region', { name: '学员看到的样子' });
	await expect(preview.getByText('茶叶要放在竹筐里，不要压紧。')).toBeVisible();
	await expect(preview.getByRole('img', { name: '一棵茶树' })).toBeVisible();
	await expect(preview.getByText('什么时候采茶最好？')).toBeVisible();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存。');

	// An exam, then publish.
	await page.goto(`/trainer/studio/${slug}`);
	await page.getByRole('button', { name: '添加考试' }).click();
	await expect(page.getByRole('link', { name: 'exam.md', exact: true })).toBeVisible();
	await editFile(page, slug, 'exam.md', EXAM);
	await expect(page.locator('#problems').getByText('这个文件没有问题。')).toBeVisible();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存。');
	await publish(page, slug, 1);

	// A learner finds it, reads the lesson with its picture, finishes it and passes the exam.
	const learner = newLearner();
	const phone = await (await browser.newContext()).newPage();
	await signIn(phone, learner);
	await phone.goto('/');
	await phone.getByRole('link', { name: title }).click();
	await phone
		.getByRole('link', { name: /怎样采茶/ })
		.first()
		.click();
	await expect(phone.getByText('采茶要选晴天的上午，露水干了再采。')).toBeVisible();
	const picture = phone.getByRole('img', { name: '一棵茶树' });
	await expect(picture).toBeVisible();
	await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
	await phone.getByRole('button', { name: '这一课学完了' }).click();
	await expect(phone.getByText('这一课已学完')).toBeVisible();
	await phone.goto(`/courses/${slug}`);
	await phone.getByRole('link', { name: '参加考试' }).click();
	for (let i = 1; i <= 10; i++) await phone.getByLabel(`对的做法 ${i}`, { exact: true }).check();
	await phone.getByRole('button', { name: '交卷' }).click();
	await expect(phone.getByText('你的证书已经发好了。')).toBeVisible();

	// Version 2 changes the lesson: the learner reads the new words, and the lesson still counts as finished.
	await startEditing(page, slug);
	await editFile(page, slug, '01-first-lesson.md', LESSON('第二版加的一句：采下的茶叶要当天炒。'));
	await saveClean(page);
	await publish(page, slug, 2);
	await phone.goto(`/courses/${slug}/first-lesson`);
	await expect(phone.getByText('第二版加的一句：采下的茶叶要当天炒。')).toBeVisible();
	await expect(phone.getByText('这一课已学完')).toBeVisible();
	await phone.context().close();
});

test('the checker speaks the language of the page: on the course page and in the editor, as loaded and as typed', async ({
	page
}) => {
	const slug = `tea-${Date.now().toString(36)}c`;
	await signIn(page, newAccount('trainer'));
	await newCourse(page, slug, `检查的语言 ${slug.slice(-4)}`);
	// Saved with a mistake on line 7: the course page's check names it, in Chinese.
	await editFile(page, slug, '01-first-lesson.md', LESSON('<div>不能用的写法</div>'));
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存。');
	await page.goto(`/trainer/studio/${slug}`);
	const listed = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: '01-first-lesson.md:7' }) });
	await expect(listed).toContainText('不能用 <div>。课程文件只能用 markdown');

	// The English editor: the problem as loaded, then as typed (the editor's check), both in English.
	await page.context().addCookies([{ name: 'lang', value: 'en', url: BASE_URL }]);
	await page.goto(`/en/trainer/studio/${slug}/01-first-lesson.md`, { waitUntil: 'networkidle' });
	// (No picture was uploaded in this test: line 8's tea.svg is a problem too.)
	const lineSeven = page
		.locator('#problems')
		.getByRole('listitem')
		.filter({ has: page.getByRole('button', { name: 'Line 7' }) });
	await expect(lineSeven).toContainText(
		'<div> is not allowed: a course file may use markdown and the blocks Tip, Warning, Steps, Figure, Audio and Term'
	);
	await page.getByLabel('Text', { exact: true }).fill(LESSON('<span>也不能用</span>'));
	await expect(lineSeven).toContainText('<span> is not allowed');
});

test('two trainers editing one draft: the later save is refused and what was typed is kept', async ({
	page,
	browser
}) => {
	const slug = `tea-${Date.now().toString(36)}b`;
	await signIn(page, newAccount('trainer'));
	await newCourse(page, slug, `两人同改 ${slug.slice(-4)}`);
	const other = await (await browser.newContext()).newPage();
	await signIn(other, newAccount('trainer'));

	await editFile(page, slug, '01-first-lesson.md', LESSON('第一位老师写的。'));
	await editFile(other, slug, '01-first-lesson.md', LESSON('第二位老师写的。'));
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toHaveText('已保存。');
	await other.getByRole('button', { name: '保存' }).click();
	await expect(other.getByRole('alert')).toContainText('别的老师刚改过这个草稿');
	await expect(other.getByLabel('内容')).toHaveValue(LESSON('第二位老师写的。'));
	await other.getByRole('link', { name: '重新打开' }).click();
	await expect(other.getByLabel('内容')).toHaveValue(LESSON('第一位老师写的。'));
	await other.context().close();

	// A draft never published, thrown away: the course is gone from the studio.
	await page.goto(`/trainer/studio/${slug}`);
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByRole('button', { name: '不要这个草稿' }).click();
	await expect(page).toHaveURL(/\/trainer$/);
	await expect(page.getByRole('link', { name: new RegExp(slug.slice(-4)) })).toHaveCount(0);
});

test('withdrawing asks first; a withdrawn course is gone for learners until a restored version is published', async ({
	page
}) => {
	const slug = `withdraw-${Date.now().toString(36)}`;
	const title = `下架试验${Date.now().toString(36).slice(-4)}`;
	await signIn(page, newAccount('trainer'));
	await newCourse(page, slug, title);
	await publish(page, slug, 1);
	expect((await page.request.get(`/courses/${slug}`)).status()).toBe(200);

	// Saying no changes nothing.
	page.once('dialog', (dialog) => dialog.dismiss());
	await page.getByRole('button', { name: '下架' }).click();
	await expect(page.getByText('学员现在看到的是第 1 版')).toBeVisible();
	expect((await page.request.get(`/courses/${slug}`)).status()).toBe(200);

	// Saying yes, to a question that names the course.
	let asked = '';
	page.once('dialog', (dialog) => {
		asked = dialog.message();
		void dialog.accept();
	});
	await page.getByRole('button', { name: '下架' }).click();
	await expect(page.getByRole('status')).toHaveText('已下架。');
	expect(asked).toContain(title);
	await expect.poll(async () => (await page.request.get(`/courses/${slug}`)).status()).toBe(404);

	// Version 1 back as a draft, published as version 2.
	await page.getByRole('button', { name: '恢复成草稿' }).click();
	await expect(page.getByRole('status')).toHaveText('已恢复成草稿。');
	// The course list shows it as withdrawn, with its new draft's check.
	await page.goto('/trainer');
	const unpublished = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
	await expect(unpublished).toContainText('已下架');
	await expect(unpublished).toContainText('草稿检查通过，可以发布');
	await publish(page, slug, 2);
	expect((await page.request.get(`/courses/${slug}`)).status()).toBe(200);
});
