import { readdirSync } from 'node:fs';
import { chromium, type Request } from '@playwright/test';
import { percentile, timeRequests, type BenchServer } from './server.ts';

const COURSES = 'content/courses';
const strip = (name: string) => name.replace(/^\d{2}-/, '').replace(/\.md$/, '');

/** Every lesson address of the real courses. */
function lessonPaths(): string[] {
	return readdirSync(COURSES, { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.flatMap((d) =>
			readdirSync(`${COURSES}/${d.name}`)
				.filter((f) => /^\d{2}-.+\.md$/.test(f))
				.map((f) => `/courses/${strip(d.name)}/${strip(f)}`)
		);
}

/**
 * Lesson pages: first-visit bytes in a real Chromium (budget 60 KB compressed JavaScript, 120 KB in all,
 * pictures aside) and server render time over repeated requests.
 */
export async function benchLessons(server: BenchServer, executablePath?: string): Promise<Record<string, unknown>> {
	const paths = lessonPaths();
	const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--headless'] });
	let maxJs = 0;
	let maxTotal = 0;
	for (const path of paths) {
		const context = await browser.newContext();
		const page = await context.newPage();
		// Every size is awaited before counting (a size still being read would go uncounted).
		const measuring: Promise<{ type: string; url: string; bytes: number }>[] = [];
		const onFinished = (request: Request) => {
			measuring.push(
				request.sizes().then((s) => ({
					type: request.resourceType(),
					url: request.url(),
					bytes: s.responseBodySize + s.responseHeadersSize
				}))
			);
		};
		page.on('requestfinished', onFinished);
		await page.goto(server.origin + path, { waitUntil: 'networkidle' });
		page.off('requestfinished', onFinished);
		const sizes = await Promise.all(measuring);
		const counted = sizes.filter((s) => s.type !== 'image' && s.type !== 'media');
		const js = counted.filter((s) => s.type === 'script').reduce((n, s) => n + s.bytes, 0);
		maxJs = Math.max(maxJs, js);
		maxTotal = Math.max(
			maxTotal,
			counted.reduce((n, s) => n + s.bytes, 0)
		);
		await context.close();
	}
	await browser.close();
	const times: number[] = [];
	for (const path of paths) times.push(...(await timeRequests(server.origin + path, 20)));
	return {
		lessons: paths.length,
		firstVisitMaxJsKB: +(maxJs / 1024).toFixed(1),
		firstVisitMaxTotalKB: +(maxTotal / 1024).toFixed(1),
		renderP50ms: +percentile(times, 50).toFixed(1),
		renderP95ms: +percentile(times, 95).toFixed(1)
	};
}
