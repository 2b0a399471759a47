import { expect, test, type Page } from '@playwright/test';
import { axeViolations, useSession, type AccountName } from '../helpers';

async function expectAccessible(page: Page) {
	// The page must have finished loading: axe on a half-navigated page reports the blank document.
	await expect(page.locator('main h1').first()).toBeVisible();
	expect(await axeViolations(page)).toEqual([]);
	// Nothing may need sideways scrolling on a 360 px phone (wide tables scroll inside their own box).
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

const PUBLIC = [
	'/',
	'/areas',
	'/en/areas',
	'/no-such-page',
	'/login',
	'/register',
	'/me',
	'/courses/raising-chickens',
	'/courses/raising-chickens/vaccination',
	'/en/courses/shop-accounts/profit',
	'/verify',
	'/offline'
];
for (const path of PUBLIC) {
	test(`${path} has no accessibility violations`, async ({ page }) => {
		await page.goto(path);
		await expectAccessible(page);
	});
}

const SIGNED_IN: [AccountName, string[]][] = [
	[
		'learnerTongchang',
		['/me', '/password', '/learning', '/certificates', '/courses/phone-safety/exam', '/opportunities']
	],
	[
		'trainer',
		[
			'/trainer',
			'/trainer/courses/raising-chickens',
			'/trainer/studio/raising-chickens',
			'/trainer/studio/new',
			'/trainer/studio/help'
		]
	],
	// 铜厂乡's records hold the demo's learning history: charts, village bars, learners who need help.
	[
		'staffTongchang',
		[
			'/staff',
			// The learner list filtered to those who need help: each with the reasons.
			'/staff?help=1',
			'/staff/learners/new',
			'/staff/import',
			'/staff/codes',
			'/staff/records',
			'/staff/opportunities',
			'/staff/opportunities/new'
		]
	],
	// The printouts: their index, a sheet, and the household search with its results.
	['staffTongchang', ['/staff/print', '/staff/print/needs-help', '/staff/learners/new?find=5325']],
	['admin', ['/admin', '/admin/accounts', '/admin/records', '/admin/tokens', '/admin/print', '/admin/ratings']]
];
for (const [who, paths] of SIGNED_IN) {
	for (const path of paths) {
		test(`${path} (signed in as ${who}) has no accessibility violations at 360 px`, async ({ page }) => {
			await useSession(page, who);
			await page.goto(path);
			await expectAccessible(page);
		});
	}
}
