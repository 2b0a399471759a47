// Lighthouse is not among the project's dependencies (its ~150 packages would double every `npm ci`, and only this
// measurement needs it): install it for a run with `npm install --no-save lighthouse@12.2.3` (13 needs Node 22).
type LighthouseRun = (url: string, flags: Record<string, unknown>) => Promise<{ lhr: Record<string, any> } | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
type ChromeLauncher = {
	launch(options: { chromePath?: string; chromeFlags: string[] }): Promise<{ port: number; kill(): unknown }>;
};
async function loadLighthouse(): Promise<{ chromeLauncher: ChromeLauncher; lighthouse: LighthouseRun }> {
	// Names in variables: type checks and bundling must not look for packages that are installed only for this.
	const [launcherName, lighthouseName] = ['chrome-launcher', 'lighthouse'];
	try {
		const [chromeLauncher, { default: lighthouse }] = await Promise.all([
			import(/* @vite-ignore */ launcherName),
			import(/* @vite-ignore */ lighthouseName)
		]);
		return { chromeLauncher, lighthouse };
	} catch {
		throw new Error('The lighthouse bench needs Lighthouse: npm install --no-save lighthouse@12.2.3');
	}
}
import type { BenchServer } from './server.ts';

// What a learner opens most: the catalogue, a course and a lesson (the lesson with a practice quiz).
const PAGES = {
	home: '/',
	course: '/courses/raising-chickens',
	lesson: '/courses/raising-chickens/vaccination'
} as const;

// A quiet headless Chromium: nothing of its own on the network or the main thread while the page is measured.
const CHROME_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

interface Run {
	score: number;
	tbt: number;
	/** The main thread's busiest kinds of work and scripts in this run (ms), to say where the time goes. */
	mainThread: Record<string, number>;
	scripts: Record<string, number>;
}

const spread = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};

// A script's file name ("Unattributable" and the page itself stay as they are).
const scriptName = (url: string) => (URL.canParse(url) ? new URL(url).pathname.split('/').pop() || url : url);

/** One Lighthouse run of `url`: the default (mobile) settings, simulated throttling, performance only. */
async function runOnce(lighthouse: LighthouseRun, port: number, url: string): Promise<Run> {
	const result = await lighthouse(url, {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance'],
		throttlingMethod: 'simulate'
	});
	if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
	const { lhr } = result;
	if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.message}`);
	const items = (id: string) =>
		((lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []) as Record<
			string,
			unknown
		>[];
	const mainThread = Object.fromEntries(
		items('mainthread-work-breakdown')
			.slice(0, 4)
			.map((item) => [String(item.group), Math.round(Number(item.duration))])
	);
	const scripts = Object.fromEntries(
		items('bootup-time')
			.slice(0, 3)
			.map((item) => [scriptName(String(item.url)), Math.round(Number(item.total))])
	);
	return {
		score: Math.round((lhr.categories.performance.score ?? 0) * 100),
		tbt: Math.round(lhr.audits['total-blocking-time'].numericValue ?? 0),
		mainThread,
		scripts
	};
}

/**
 * Lighthouse mobile (its default: a mid-range phone on a slow 4G line, simulated) on the home, course and lesson
 * pages as a first visitor sees them, `runs` times each: performance score and total blocking time as
 * min/median/max (budget: score >= 98, TBT < 150 ms). The busiest work of the median run is printed with them.
 */
export async function benchLighthouse(
	server: BenchServer,
	chromePath: string | undefined,
	runs = 3
): Promise<Record<string, unknown>> {
	const { chromeLauncher, lighthouse } = await loadLighthouse();
	const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS });
	try {
		const pages: Record<string, unknown> = {};
		for (const [name, path] of Object.entries(PAGES)) {
			const results: Run[] = [];
			for (let i = 0; i < runs; i++) results.push(await runOnce(lighthouse, chrome.port, server.origin + path));
			const median = [...results].sort((a, b) => a.tbt - b.tbt)[Math.floor(results.length / 2)];
			pages[name] = {
				score: spread(results.map((r) => r.score)),
				tbtMs: spread(results.map((r) => r.tbt)),
				medianRun: { mainThreadMs: median.mainThread, scriptsMs: median.scripts }
			};
		}
		return { runs, ...pages };
	} finally {
		chrome.kill();
	}
}
