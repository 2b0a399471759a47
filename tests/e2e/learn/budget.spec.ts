import { expect, test, type Request } from '@playwright/test';

// Issue budget: a lesson's first visit loads at most 60 KB of compressed JavaScript and 120 KB in all,
// pictures aside. Bytes don't drift between runs, so this is a test rather than a benchmark.
const JS_BUDGET = 60 * 1024;
const TOTAL_BUDGET = 120 * 1024;

for (const lesson of [
	'/courses/raising-chickens/vaccination',
	'/courses/shop-accounts/profit',
	'/courses/phone-safety/common-scams'
]) {
	test(`first visit of ${lesson} stays within the byte budget`, async ({ page }) => {
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
		await page.goto(lesson, { waitUntil: 'networkidle' });
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		page.off('requestfinished', onFinished);
		const responses = await Promise.all(measuring);
		const counted = responses.filter((r) => r.type !== 'image' && r.type !== 'media');
		const js = counted.filter((r) => r.type === 'script' || r.url.endsWith('.js')).reduce((sum, r) => sum + r.bytes, 0);
		const total = counted.reduce((sum, r) => sum + r.bytes, 0);
		console.log(
			`${lesson}: ${(js / 1024).toFixed(1)} KB JavaScript, ${(total / 1024).toFixed(1)} KB in all (${counted.length} requests)`
		);
		expect(js).toBeLessThanOrEqual(JS_BUDGET);
		expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
	});
}
