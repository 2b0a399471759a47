import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ADDRESS_FAILURES } from '../auth/rate-limit.ts';
import { users } from '../db/schema.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { earnCertificate } from '../tooling/seed/ticketed-attempt.ts';
import { rememberExamVersion } from '../learning/exam-versions.ts';
import { formatCertificateNumber } from './number.ts';
import { revokeCertificate } from './records.ts';
import { verifyCertificate, type Viewer } from './verify.ts';
import { first } from '../db/dialect.ts';

const COURSE = 'raising-chickens';
const ORIGIN = 'https://learn.example.cn';
const ADDRESS = '192.0.2.10';

let env: Awaited<ReturnType<typeof useDemoDatabase>>;
let number: string;
let learner: Viewer;
const account = async (username: string): Promise<Viewer> =>
	(await first(
		env.db
			.select({ id: users.id, role: users.role, townshipId: users.townshipId })
			.from(users)
			.where(eq(users.username, username))
	))!;

/** A demo learner earns the course's certificate the way a phone would: lessons done, then the exam passed. */
beforeEach(async () => {
	env = await useDemoDatabase();
	await rememberExamVersion(COURSE);
	learner = await account('13800000001');
	const certificates = await earnCertificate(learner, COURSE, ORIGIN);
	expect(certificates).toHaveLength(1);
	number = certificates[0];
});
afterEach(() => env.cleanup());

describe('verifying a certificate', () => {
	it('shows the public a valid certificate with the name partly hidden, typed in any case and grouping', async () => {
		const typed = formatCertificateNumber(number).toLowerCase();
		const result = await verifyCertificate(typed, ADDRESS, null);
		expect(result.outcome).toBe('valid');
		if (result.outcome !== 'valid') return;
		expect(result.certificate).toMatchObject({ number, holder: '李*英', township: '金河镇' });
		expect(result.canRevoke).toBe(false);
	});

	it('shows the whole name to the holder and to staff of the township, and only those staff may revoke', async () => {
		const staff = await account('staff-jinhe');
		const otherStaff = await account('staff-tongchang');
		const seen = (viewer: Viewer) => verifyCertificate(number, ADDRESS, viewer);
		expect(await seen(learner)).toMatchObject({ certificate: { holder: '李秀英' }, canRevoke: false });
		expect(await seen(staff)).toMatchObject({ certificate: { holder: '李秀英' }, canRevoke: true });
		expect(await seen(otherStaff)).toMatchObject({ certificate: { holder: '李*英' }, canRevoke: false });
	});

	it('says "revoked" with the date to everyone, and the reason only to the township staff', async () => {
		const staff = await account('staff-jinhe');
		expect(await revokeCertificate({ id: staff.id, townshipId: staff.townshipId! }, number, '代考')).toBe(true);
		const publicView = await verifyCertificate(number, ADDRESS, null);
		expect(publicView).toMatchObject({ outcome: 'revoked', certificate: { revokedReason: null } });
		if (publicView.outcome === 'revoked') expect(publicView.certificate.revokedAt).toBeInstanceOf(Date);
		expect(await verifyCertificate(number, ADDRESS, staff)).toMatchObject({
			outcome: 'revoked',
			certificate: { revokedReason: '代考' },
			canRevoke: false
		});
	});

	it('tells a mistyped number (bad check character) from an unknown one', async () => {
		const last = number.at(-1)!;
		const mistyped = number.slice(0, -1) + (last === '0' ? '1' : '0');
		expect((await verifyCertificate(mistyped, ADDRESS, null)).outcome).toBe('bad_number');
		expect((await verifyCertificate('hello', ADDRESS, null)).outcome).toBe('bad_number');
	});

	it('stops an address that tries many numbers, but not other addresses, and not for good', async () => {
		const now = new Date('2026-11-29T08:00:00Z');
		for (let i = 0; i < MAX_ADDRESS_FAILURES; i++) await verifyCertificate(`guess-${i}`, ADDRESS, null, now);
		// Even a real number is refused while the address is blocked: a hit must not be told apart.
		expect(await verifyCertificate(number, ADDRESS, null, now)).toEqual({
			outcome: 'rate_limited',
			retryAfterMinutes: 1
		});
		expect((await verifyCertificate(number, '198.51.100.20', null, now)).outcome).toBe('valid');
		expect((await verifyCertificate(number, ADDRESS, null, new Date(now.getTime() + 30_000))).outcome).toBe('valid');
	});
});
