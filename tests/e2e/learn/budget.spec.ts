import { expect, test, type Page } from '@playwright/test';
import { measureFirstVisit, type FirstVisit } from '../../../src/lib/server/tooling/bench/first-visit';
import { apiAs, BASE_URL, newLearner } from '../helpers';

// Issue budget: a lesson's first visit loads at most 60 KB of compressed JavaScript and 120 KB in all,
// pictures aside. Bytes don't drift between runs, so this is a test rather than a benchmark. Response headers
// are counted too: on a slow network each file costs its headers as well.
const JS_BUDGET = 60 * 1024;
const TOTAL_BUDGET = 120 * 1024;

/** Opens `path` with an empty cache, checks it shows its lesson, and sums what came over the network. */
async function firstVisit(page: Page, path: string): Promise<FirstVisit> {
	const measured = await measureFirstVisit(page, path);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	return measured;
}

function report(label: string, { js, total, requests }: FirstVisit) {
	console.log(
		`${label}: ${(js / 1024).toFixed(1)} KB JavaScript, ${(total / 1024).toFixed(1)} KB in all (${requests} requests)`
	);
	expect(js).toBeLessThanOrEqual(JS_BUDGET);
	expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
}

for (const lesson of [
	'/',
	'/courses/raising-chickens/vaccination',
	'/courses/shop-accounts/profit',
	'/courses/phone-safety/common-scams'
]) {
	test(`first visit of ${lesson} stays within the byte budget`, async ({ page }) => {
		report(lesson, await firstVisit(page, lesson));
	});
}

/** Gives the page the session of a new learner (one per test: nothing learned yet). */
async function signInNewLearner(page: Page) {
	const api = await apiAs(newLearner());
	const { cookies } = await api.storageState();
	await api.dispose();
	await page.context().addCookies(cookies.map(({ name, value }) => ({ name, value, url: BASE_URL })));
}

// A signed-in learner's page also loads the outbox (IndexedDB) and starts syncing.
test('a signed-in learner’s first visit of a lesson stays within the byte budget', async ({ page }) => {
	await signInNewLearner(page);
	const lesson = '/courses/raising-chickens/vaccination';
	const measured = await firstVisit(page, lesson);
	await expect(page.getByRole('button', { name: '这一课学完了' })).toBeVisible();
	report(`${lesson} (signed in)`, measured);
});

// Home adds the learner's progress and the opportunities that fit them, loaded after the page.
test('a signed-in learner’s first visit of home stays within the byte budget', async ({ page }) => {
	await signInNewLearner(page);
	const measured = await firstVisit(page, '/');
	await expect(page.getByRole('link', { name: '开始学第一课' })).toBeVisible();
	report('/ (signed in)', measured);
});
