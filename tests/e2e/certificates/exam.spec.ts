import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseFrontMatter, parseQuizBlocks } from '../../../src/lib/content/format.js';
import { apiAs, BASE_URL, newLearner, query, signIn } from '../helpers';
import { readCertificateQr } from './pdf-qr';

const COURSE = 'shop-accounts';
const FOLDER = 'content/courses/02-shop-accounts';
const TITLE = readFileSync(`${FOLDER}/course.md`, 'utf8')
	.match(/^title:\s*(.+)$/m)![1]
	.trim();

/** The exam's questions with their right options, read from the course file as the server does. */
function examKey() {
	const { body, bodyStartLine } = parseFrontMatter(readFileSync(`${FOLDER}/exam.md`, 'utf8'));
	return parseQuizBlocks(body, { exam: true, bodyStartLine }).questions;
}

async function answerExam(page: Page, right: boolean) {
	const key = examKey();
	await expect(page).toHaveURL(/\/exam$/);
	const questions = page.locator('fieldset');
	await expect(questions.first()).toBeVisible();
	const count = await questions.count();
	expect(count).toBe(key.length);
	for (let i = 0; i < count; i++) {
		const fieldset = questions.nth(i);
		const text = (await fieldset.locator('legend .text').innerText()).trim();
		const question = key.find((q) => q.text === text)!;
		expect(question, text).toBeTruthy();
		const options = question.options.filter((o) => o.correct === right).slice(0, right ? undefined : 1);
		for (const option of options) await fieldset.getByLabel(option.text, { exact: true }).check();
	}
	await page.getByRole('button', { name: '交卷' }).click();
}

test('a learner finishes a course, fails then passes the exam, and gets a certificate anyone can verify', async ({
	browser
}) => {
	test.slow();
	const learner = newLearner({ name: '周文英' });
	// Most lessons done through the lesson form (as a phone without JavaScript would send it)...
	const api = await apiAs(learner);
	const lessons = ['why-keep-accounts', 'daily-ledger', 'cost-and-price', 'profit', 'credit', 'saving-and-loans'];
	for (const lesson of lessons) {
		const html = await (await api.get(`/courses/${COURSE}/${lesson}`)).text();
		const eventId = html.match(/name="eventId" value="([^"]+)"/)![1];
		const contentVersion = html.match(/name="contentVersion" value="([^"]+)"/)![1];
		const done = await api.post(`/courses/${COURSE}/${lesson}?/complete`, {
			form: { eventId, contentVersion },
			maxRedirects: 0
		});
		expect(done.status()).toBe(200);
	}
	await api.dispose();

	// ...and the last one in the browser.
	const page = await (await browser.newContext()).newPage();
	await signIn(page, learner);
	await page.goto(`/courses/${COURSE}`);
	await expect(page.getByText('学完全部 7 课才能考试（已学完 6 课）。')).toBeVisible();
	await page.goto(`/courses/${COURSE}/loan-sharks`);
	await page.getByRole('button', { name: '这一课学完了' }).click();
	await expect(page.getByText('这一课已学完')).toBeVisible();

	await page.goto(`/courses/${COURSE}`);
	await page.getByRole('link', { name: '参加考试' }).click();
	await answerExam(page, false);
	await expect(page.getByRole('status').filter({ hasText: '这次没有通过' })).toBeVisible();
	await expect(page.getByRole('heading', { name: '建议再看看这几课：' })).toBeVisible();
	await expect(page.getByRole('link', { name: '为什么要记账' })).toBeVisible();
	// The result names lessons, never the right answers.
	const resultText = await page.locator('main').innerText();
	for (const q of examKey()) expect(resultText).not.toContain(q.explanation);

	await page.getByRole('link', { name: '再考一次' }).click();
	await answerExam(page, true);
	await expect(page.getByRole('status').filter({ hasText: '100 分' })).toBeVisible();
	await expect(page.getByText('你的证书已经发好了。')).toBeVisible();
	await page.getByRole('link', { name: '看我的证书' }).click();
	await expect(page.getByRole('heading', { level: 2, name: TITLE })).toBeVisible();

	const number = query<{ number: string }>(
		`select number from certificates where user_id = ? and course_slug = ?`,
		learner.id,
		COURSE
	)[0].number;
	const pdf = await page.request.get(`/certificates/${number}.pdf`);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const bytes = await pdf.body();
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	expect(bytes.byteLength).toBeLessThan(100 * 1024);
	// The QR code printed on it leads to the certificate's verification page.
	const scanned = await readCertificateQr(bytes);
	expect(scanned).toBe(`${BASE_URL}/verify/${number}`);
	const credential = await (await page.request.get(`/certificates/${number}.json`)).json();
	expect(credential.type).toContain('OpenBadgeCredential');
	expect(credential.proof.cryptosuite).toBe('eddsa-rdfc-2022');

	// Anyone can check it, with the name partly hidden; township staff see it whole and can revoke it.
	const visitor = await (await browser.newContext()).newPage();
	await visitor.goto(scanned!);
	await expect(visitor.getByRole('status')).toContainText('证书有效');
	await expect(visitor.getByText('周*英')).toBeVisible();
	await expect(visitor.getByText('周文英')).toHaveCount(0);

	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, 'staffTongchang');
	await staff.goto(`/verify/${number}`);
	await expect(staff.getByText('周文英')).toBeVisible();
	await staff.getByLabel('作废原因').fill('考试时有人代答');
	await staff.getByRole('button', { name: '作废这张证书' }).click();
	await expect(staff.getByText('证书已作废。')).toBeVisible();

	await visitor.reload();
	await expect(visitor.getByRole('status')).toContainText('证书已作废');
	const other = await (await browser.newContext()).newPage();
	await signIn(other, 'staffJinhe');
	await other.goto(`/verify/${number}`);
	await expect(other.getByRole('button', { name: '作废这张证书' })).toHaveCount(0);
});

test('the verify form finds nothing for a wrong number, and says why', async ({ page }) => {
	await page.goto('/verify');
	await page.getByLabel('证书编号').fill('0000-0000-000');
	await page.getByRole('button', { name: '查验' }).click();
	await expect(page.getByRole('alert')).toContainText(/编号不对|没有找到/);
});
