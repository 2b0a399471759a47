import { chromium } from '@playwright/test';
import { percentile, type BenchServer } from './server.ts';

/**
 * A saved course opened from the phone's cache: save it, go offline, then open each lesson (a full page load
 * served by the service worker) and measure until the lesson is on screen and interactive (budget < 100 ms).
 */
export async function benchOffline(server: BenchServer, executablePath?: string): Promise<Record<string, unknown>> {
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--headless'] });
	const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
	const page = await context.newPage();
	await page.goto(`${server.origin}/login`);
	await page.getByLabel('手机号或登录号').fill('13800000001');
	await page.getByLabel('密码').fill('123456');
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.goto(`${server.origin}/courses/raising-chickens`);
	await page.evaluate(() => navigator.serviceWorker.ready);
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
	await page.getByRole('button', { name: '存到手机，离线学习' }).click();
	const saved = await page.getByText(/已存到手机（/).innerText({ timeout: 60_000 });
	await context.setOffline(true);
	const lessons = await page
		.locator('ol.lessons a')
		.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
	const loads: number[] = [];
	const paints: number[] = [];
	const served: number[] = [];
	const parsed: number[] = [];
	for (let round = 0; round < 5; round++) {
		for (const href of lessons) {
			await page.goto(href);
			await page.locator('article.lesson h1').waitFor();
			const timing = await page.evaluate(() => {
				const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
				const paint = performance.getEntriesByName('first-contentful-paint')[0];
				return {
					dcl: nav.domContentLoadedEventEnd - nav.startTime,
					fcp: paint?.startTime ?? NaN,
					sw: nav.responseEnd - nav.startTime,
					parsed: nav.domInteractive - nav.startTime
				};
			});
			loads.push(timing.dcl);
			paints.push(timing.fcp);
			served.push(timing.sw);
			parsed.push(timing.parsed);
		}
	}
	// Reading on: "next lesson" inside the app (client-side navigation, data from the course's cache).
	const nexts: number[] = [];
	for (let round = 0; round < 3; round++) {
		await page.goto(lessons[0]);
		await page.locator('article.lesson h1').waitFor();
		for (let i = 1; i < lessons.length; i++) {
			const ms = await page.evaluate(async () => {
				const before = document.querySelector('article.lesson h1')?.textContent;
				const start = performance.now();
				(document.querySelector('a[rel="next"]') as HTMLAnchorElement).click();
				while (document.querySelector('article.lesson h1')?.textContent === before) {
					await new Promise((r) => requestAnimationFrame(r));
				}
				return performance.now() - start;
			});
			nexts.push(ms);
		}
	}
	await browser.close();
	return {
		savedCourse: saved.trim(),
		cachedLessonLoads: loads.length,
		cachedLessonFirstPaintP50ms: +percentile(paints, 50).toFixed(1),
		cachedLessonFirstPaintP95ms: +percentile(paints, 95).toFixed(1),
		cachedLessonServedByWorkerP50ms: +percentile(served, 50).toFixed(1),
		cachedLessonParsedP50ms: +percentile(parsed, 50).toFixed(1),
		cachedLessonReadyP50ms: +percentile(loads, 50).toFixed(1),
		cachedLessonReadyP95ms: +percentile(loads, 95).toFixed(1),
		nextLessonFromCacheP50ms: +percentile(nexts, 50).toFixed(1),
		nextLessonFromCacheP95ms: +percentile(nexts, 95).toFixed(1)
	};
}
