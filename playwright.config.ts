import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

// CHROMIUM_PATH, else Debian's headless shell, else Debian's Chromium; otherwise Playwright's own browser, if it has
// one. The headless shell (the old headless mode, which Playwright itself runs for headless tests) is the same engine
// without the desktop browser around it: on a busy 2-core machine the suite took half as long with it as with the
// full browser in headless mode, which spent three quarters of the machine's CPU.
const SYSTEM_BROWSERS = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];
const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : SYSTEM_BROWSERS;
const executablePath = candidates.find((path) => existsSync(path));
if (!executablePath && !process.env.PLAYWRIGHT_BROWSERS_PATH && !process.env.CI_ALLOW_BUNDLED_BROWSER) {
	// Playwright reports its own missing-browser error later; say plainly how to get one.
	console.warn(
		`No Chromium at ${candidates.join(' or ')}. Install one (Debian: apt-get install -y chromium-headless-shell) or set CHROMIUM_PATH.`
	);
}

// Lets context.route() see the service worker's own requests too (its Background Sync sends the outbox): a test
// that cuts /api/sync off must cut off every way a phone has of reaching it.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

const port = Number(process.env.E2E_PORT || 4173);
const dataDir = 'tests/.tmp';
// Workers load this file too; only the main process may clear the folder the running server's database is in.
if (process.env.TEST_WORKER_INDEX === undefined) {
	rmSync(dataDir, { recursive: true, force: true });
	mkdirSync(dataDir, { recursive: true });
}
const databasePath = `${dataDir}/e2e.db`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	// Three on two cores: most of a browser test's time is waiting on the server or the network, not computing.
	workers: 3,
	retries: 0,
	// Every wait is on a condition; these are only how long before a condition counts as never met. A 2-core
	// machine busy with the server, two browsers and another job takes seconds where a laptop takes milliseconds.
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: process.env.CI ? 'line' : 'list',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		// A phone installs the service worker once; a test's fresh browser would install it (and fetch the whole
		// app for it) in every test. The tests of what it does (offline, saved courses, shared phones, what it
		// keeps) turn it on with `test.use({ serviceWorkers: 'allow' })`.
		serviceWorkers: 'block',
		...devices['Pixel 5'],
		viewport: { width: 360, height: 640 },
		launchOptions: {
			executablePath,
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		// `npm start`'s entry. One process by default: the tests' own timing stays simple on a busy machine;
		// E2E_PROCESSES=2 runs the same tests against several processes on one database, as production runs.
		command: `npx tsx src/lib/server/cli/seed.ts --demo --fresh && node src/lib/server/cli/serve.js`,
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		// The demo seed runs first; on a busy 2-core machine it can take a minute or more.
		timeout: 240_000,
		env: {
			DATABASE_PATH: databasePath,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			BODY_SIZE_LIMIT: '6291456',
			WEB_CONCURRENCY: process.env.E2E_PROCESSES || '1'
		}
	}
});
