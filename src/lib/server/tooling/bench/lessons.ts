import { readdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { measureFirstVisit } from './first-visit.ts';
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
		const { js, total } = await measureFirstVisit(page, server.origin + path);
		maxJs = Math.max(maxJs, js);
		maxTotal = Math.max(maxTotal, total);
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
