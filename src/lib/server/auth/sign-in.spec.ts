import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { users } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import { MAX_ADDRESS_FAILURES, MAX_FAILURES } from './rate-limit.ts';
import { signIn } from './sign-in.ts';
import { validateSessionToken } from './session.ts';

let env: ReturnType<typeof useFreshDatabase>;
beforeEach(async () => {
	env = useFreshDatabase();
	env.db
		.insert(users)
		.values([
			{
				role: 'learner',
				name: '王芳',
				username: '13800000001',
				phone: '13800000001',
				passwordHash: await hashPassword('246810')
			},
			{ role: 'learner', name: '李强', username: '20001234', passwordHash: null },
			{
				role: 'staff',
				name: '赵敏',
				username: 'zhaomin',
				passwordHash: await hashPassword('long-enough-pass'),
				disabledAt: new Date()
			}
		])
		.run();
});
afterEach(() => env.cleanup());

describe('signIn', () => {
	it('signs in with the phone number and makes a working session', async () => {
		const result = await signIn('13800000001', '246810', '10.0.0.1', 'test');
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(validateSessionToken(result.token).user?.name).toBe('王芳');
	});

	it('gives the same answer for a wrong password, an unknown account, no password yet and a disabled account', async () => {
		const answers = await Promise.all([
			signIn('13800000001', 'wrong!', '10.0.0.2', null),
			signIn('nobody', 'whatever', '10.0.0.3', null),
			signIn('20001234', '', '10.0.0.4', null),
			signIn('zhaomin', 'long-enough-pass', '10.0.0.5', null)
		]);
		expect(answers).toEqual(Array(4).fill({ ok: false, reason: 'invalid' }));
	});

	it('blocks an account after repeated failures, even with the right password, from any address', async () => {
		for (let i = 0; i < MAX_FAILURES; i++) await signIn('13800000001', 'wrong', `10.1.0.${i}`, null);
		const blocked = await signIn('13800000001', '246810', '10.9.9.9', null);
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		if (!blocked.ok && blocked.reason === 'rate_limited') expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
	});

	it('blocks an address that tries many accounts', async () => {
		for (let i = 0; i < MAX_ADDRESS_FAILURES; i++) await signIn(`guess${i}`, 'wrong', '10.2.0.1', null);
		expect(await signIn('13800000001', '246810', '10.2.0.1', null)).toMatchObject({ reason: 'rate_limited' });
		expect((await signIn('13800000001', '246810', '10.2.0.2', null)).ok).toBe(true);
	});
});
