// A course saved on a phone when its trainer publishes a new version: the phone says so, the learner updates it,
// and offline the lesson shows the new words while the lesson finished before still counts.
import { expect, test } from '@playwright/test';
import { newAccount, newLearner, signIn } from '../helpers';
import { editFile, newCourse, publish, saveClean, startEditing } from '../learn/studio';
import { controlledByServiceWorker } from './phone';

// What the service worker does (or keeps) is part of what these tests check.
test.use({ serviceWorkers: 'allow' });

const lesson = (sentence: string) => `---\ntitle: 第一课\nminutes: 10\n---\n\n${sentence}\n`;

test('a saved course updates to the trainer’s new version and keeps the learner’s finished lesson', async ({
	browser
}) => {
	test.slow();
	const slug = `update-${Date.now().toString(36)}`;
	const title = `更新的课 ${slug.slice(-4)}`;
	const trainer = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
	await signIn(trainer, newAccount('trainer'));
	await newCourse(trainer, slug, title);
	await editFile(trainer, slug, '01-first-lesson.md', lesson('第一版的话：先把地翻松。'));
	await saveClean(trainer);
	await publish(trainer, slug, 1);

	const context = await browser.newContext();
	const phone = await context.newPage();
	await signIn(phone, newLearner());
	await phone.goto(`/courses/${slug}`);
	await controlledByServiceWorker(phone);
	await phone.getByRole('button', { name: '存到手机，离线学习' }).click();
	await expect(phone.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 30_000 });
	await phone.goto(`/courses/${slug}/first-lesson`);
	await expect(phone.getByText('第一版的话：先把地翻松。')).toBeVisible();
	await phone.getByRole('button', { name: '这一课学完了' }).click();
	await expect(phone.getByText('这一课已学完')).toBeVisible();

	await startEditing(trainer, slug);
	await editFile(trainer, slug, '01-first-lesson.md', lesson('第二版的话：先浇水，再翻地。'));
	await saveClean(trainer);
	await publish(trainer, slug, 2);

	await phone.goto(`/courses/${slug}`);
	await expect(phone.getByText('课程有更新，请重新保存。')).toBeVisible();
	await phone.getByRole('button', { name: '更新', exact: true }).click();
	await expect(phone.getByText(/已存到手机（\d+/)).toBeVisible({ timeout: 30_000 });

	await context.setOffline(true);
	await phone.goto(`/courses/${slug}/first-lesson`);
	await expect(phone.getByText('第二版的话：先浇水，再翻地。')).toBeVisible();
	await expect(phone.getByText('这一课已学完')).toBeVisible();
	await context.close();
	await trainer.context().close();
});
