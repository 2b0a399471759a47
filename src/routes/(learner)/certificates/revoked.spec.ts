// A certificate the township staff revoked is handed out no more: neither its PDF nor its signed credential, to its
// holder or anyone, and the holder's certificates page says it was revoked instead of offering the downloads.
import { eq } from 'drizzle-orm';
import { render } from 'svelte/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { first } from '$lib/server/db/dialect';
import { users } from '$lib/server/db/schema';
import { credentialOf, revokeCertificate } from '$lib/server/certificates/records';
import { rememberExamVersion } from '$lib/server/learning/exam-versions';
import { learnerState } from '$lib/server/sync/state';
import { earnCertificate } from '$lib/server/tooling/seed/ticketed-attempt';
import { useDemoDatabase } from '$lib/server/tooling/test-db';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { learner as store, setLearner, type Learner } from '$lib/offline/progress-store.svelte';
import { GET as pdf } from './[number].pdf/+server.ts';
import { GET as credential } from './[number].json/+server.ts';
import Page from './+page.svelte';

// The handlers ask requireUser() for whoever is signed in, which reads the request event.
let current: { locals: { user: unknown }; url: URL };
vi.mock('$app/server', () => ({ getRequestEvent: () => current }));

const COURSE = 'raising-chickens';
const ORIGIN = 'https://learn.example.cn';

type Account = { id: number; role: string; name: string; username: string; townshipId: number | null };
let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let holder: Account;
let staff: Account;
let number: string;

const account = async (username: string): Promise<Account> =>
	(await first(
		env.db
			.select({
				id: users.id,
				role: users.role,
				name: users.name,
				username: users.username,
				townshipId: users.townshipId
			})
			.from(users)
			.where(eq(users.username, username))
	))!;

/** Asks for the certificate's PDF or credential as `who`, the way the browser's download link does. */
async function download(handler: typeof pdf | typeof credential, suffix: 'pdf' | 'json', who: Account) {
	const url = new URL(`${ORIGIN}/certificates/${number}.${suffix}`);
	current = { locals: { user: { householdId: null, mustChangePassword: false, locale: 'zh-CN', ...who } }, url };
	const event = { params: { number }, url, request: new Request(url) };
	try {
		return await (handler as (e: unknown) => Promise<Response>)(event);
	} catch (thrown) {
		// error(404) is thrown, not returned: answer with its status, as SvelteKit would.
		const status = (thrown as { status?: number }).status;
		if (typeof status !== 'number') throw thrown;
		return new Response(null, { status });
	}
}

const revoke = () => revokeCertificate({ id: staff.id, townshipId: staff.townshipId! }, number, '代考');

/** A demo learner earns the course's certificate the way a phone would: lessons done, then the exam passed. */
beforeEach(async () => {
	env = await useDemoDatabase();
	await rememberExamVersion(COURSE);
	holder = await account('13800000001');
	staff = await account('staff-jinhe');
	const certificates = await earnCertificate(holder, COURSE, ORIGIN);
	expect(certificates).toHaveLength(1);
	number = certificates[0];
});
afterEach(() => env.cleanup());

describe('downloading a certificate', () => {
	it('gives the holder the PDF and the credential while the certificate stands', async () => {
		const file = await download(pdf, 'pdf', holder);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('application/pdf');
		const signed = await download(credential, 'json', holder);
		expect(signed.status).toBe(200);
		expect(await signed.json()).toMatchObject({ id: `${ORIGIN}/verify/${number}` });
	});

	it.each([
		{ handler: pdf, suffix: 'pdf' },
		{ handler: credential, suffix: 'json' }
	] as const)('answers 410 with a sentence saying why, once it is revoked ($suffix)', async ({ handler, suffix }) => {
		expect(await revoke()).toBe(true);
		const answer = await download(handler, suffix, holder);
		expect(answer.status).toBe(410);
		expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(await answer.text()).toBe('这张证书已经作废，不能再下载。');
	});

	it('never reads out the credential of a revoked certificate (credentialOf, whoever calls it)', async () => {
		expect(await credentialOf(holder.id, number)).toMatchObject({ id: `${ORIGIN}/verify/${number}` });
		expect(await revoke()).toBe(true);
		expect(await credentialOf(holder.id, number)).toBeNull();
	});

	it('says it in English to an English page', async () => {
		expect(await revoke()).toBe(true);
		const request = new Request(`${ORIGIN}/en/certificates/${number}.pdf`);
		const answer = await paraglideMiddleware(request, () => download(pdf, 'pdf', holder));
		expect(answer.status).toBe(410);
		expect(await answer.text()).toBe('This certificate was revoked and can no longer be downloaded.');
	});

	it('still answers "not found" to anyone but the holder, revoked or not', async () => {
		for (const revoked of [false, true]) {
			if (revoked) expect(await revoke()).toBe(true);
			expect((await download(pdf, 'pdf', staff)).status).toBe(404);
			expect((await download(credential, 'json', staff)).status).toBe(404);
		}
	});
});

describe('the certificates page', () => {
	// The page draws from the learner's state the phone keeps (GET /api/sync), as JSON; its own load carries
	// nothing of the learner (it is a page the service worker may keep for everyone).
	const stateOnPhone = async () => JSON.parse(JSON.stringify(await learnerState(holder.id)));
	const page = async () => {
		setLearner({ ...holder, role: 'learner', village: null }, false, await stateOnPhone());
		return render(Page, { props: { data: { origin: ORIGIN } } as never }).body;
	};
	afterEach(() =>
		Object.assign(store, { checked: false, user: null, offline: false, state: null, pending: [] } satisfies Learner)
	);

	it('marks the certificate revoked in the learner state, with the day', async () => {
		expect((await stateOnPhone()).certificates).toMatchObject([{ number, revokedAt: null }]);
		const at = new Date('2025-03-04T02:00:00Z');
		expect(await revokeCertificate({ id: staff.id, townshipId: staff.townshipId! }, number, '代考', at)).toBe(true);
		expect((await stateOnPhone()).certificates).toMatchObject([{ number, revokedAt: at.toISOString() }]);
	});

	it('offers the downloads on a certificate that stands', async () => {
		const body = await page();
		expect(body).toContain(`/certificates/${number}.pdf`);
		expect(body).toContain(`/certificates/${number}.json`);
		expect(body).not.toContain('作废');
	});

	it('says a revoked certificate was revoked, and when, and offers no download, only its verification page', async () => {
		await revokeCertificate(
			{ id: staff.id, townshipId: staff.townshipId! },
			number,
			'代考',
			new Date('2025-03-04T02:00:00Z')
		);
		const body = await page();
		expect(body).not.toContain(`${number}.pdf`);
		expect(body).not.toContain(`${number}.json`);
		expect(body).toContain(`/verify/${number}`);
		expect(body).toContain('此证书已于 2025年3月4日 作废');
		expect(body).toContain('作废的证书不能再下载。');
	});
});
