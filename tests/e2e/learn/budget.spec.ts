import { expect, test, type Page, type Request } from '@playwright/test';
import { apiAs, BASE_URL, newLearner } from '../helpers';

// Issue budget: a lesson's first visit loads at most 60 KB of compressed JavaScript and 120 KB in all,
// pictures aside. Bytes don't drift between runs, so this is a test rather than a benchmark. Response headers
// are counted too: on a slow network each file costs its headers as well.
const JS_BUDGET = 60 * 1024;
const TOTAL_BUDGET = 120 * 1024;

/** Opens `path` with an empty cache and sums what came over the network, pictures and audio aside. */
async function firstVisit(page: Page, path: string) {
	// Sizes are read while the page is open, and every one is awaited before counting: a size still being
	// read when the sums are made would go uncounted (and one read after the page closed fails the run).
	const measuring: Promise<{ url: string; type: string; bytes: number }>[] = [];
	const onFinished = (request: Request) => {
		measuring.push(
			request.sizes().then((sizes) => ({
				url: request.url(),
				type: request.resourceType(),
				bytes: sizes.responseBodySize + sizes.responseHeadersSize
			}))
		);
	};
	page.on('requestfinished', onFinished);
	await page.goto(path, { waitUntil: 'networkidle' });
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	page.off('requestfinished', onFinished);
	const counted = (await Promise.all(measuring)).filter((r) => r.type !== 'image' && r.type !== 'media');
	const js = counted.filter((r) => r.type === 'script' || r.url.endsWith('.js')).reduce((sum, r) => sum + r.bytes, 0);
	const total = counted.reduce((sum, r) => sum + r.bytes, 0);
	return { js, total, requests: counted.length };
}

function report(label: string, { js, total, requests }: Awaited<ReturnType<typeof firstVisit>>) {
	console.log(
		`${label}: ${(js / 1024).toFixed(1)} KB JavaScript, ${(total / 1024).toFixed(1)} KB in all (${requests} requests)`
	);
	expect(js).toBeLessThanOrEqual(JS_BUDGET);
	expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
}

for (const lesson of [
	'/courses/raising-chickens/vaccination',
	'/courses/shop-accounts/profit',
	'/courses/phone-safety/common-scams'
]) {
	test(`first visit of ${lesson} stays within the byte budget`, async ({ page }) => {
		report(lesson, await firstVisit(page, lesson));
	});
}

// A signed-in learner's page also loads the outbox (IndexedDB) and starts syncing.
test('a signed-in learner’s first visit of a lesson stays within the byte budget', async ({ page }) => {
	const api = await apiAs(newLearner());
	const { cookies } = await api.storageState();
	await page.context().addCookies(cookies.map(({ name, value }) => ({ name, value, url: BASE_URL })));
	const lesson = '/courses/raising-chickens/vaccination';
	const measured = await firstVisit(page, lesson);
	await expect(page.getByRole('button', { name: '这一课学完了' })).toBeVisible();
	report(`${lesson} (signed in)`, measured);
});
