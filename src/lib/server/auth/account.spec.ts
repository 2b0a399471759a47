import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { users } from '../db/schema.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { changePassword } from './account.ts';
import { hashPassword } from './password.ts';
import { MAX_FAILURES } from './rate-limit.ts';
import { oneTimeCodeFields } from './sign-in.ts';
import { first, one } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let user: { id: number; role: 'learner'; mustChangePassword: boolean };
beforeEach(async () => {
	env = await useFreshDatabase();
	const id = (
		await one(
			env.db
				.insert(users)
				.values({ role: 'learner', name: '王芳', username: '13800000001', passwordHash: await hashPassword('246810') })
				.returning({ id: users.id })
		)
	).id;
	user = { id, role: 'learner', mustChangePassword: false };
});
afterEach(() => env.cleanup());

describe('changePassword', () => {
	it('counts wrong current passwords like sign-in: after five, even the right one waits', async () => {
		for (let i = 0; i < MAX_FAILURES; i++) {
			expect(await changePassword(user, `wrong${i}`, '135792', 'session')).toMatchObject({
				error: 'error_current_password'
			});
		}
		expect(await changePassword(user, '246810', '135792', 'session')).toMatchObject({
			ok: false,
			error: 'error_current_password_locked'
		});
		const later = new Date(Date.now() + 31_000);
		expect(await changePassword(user, '246810', '135792', 'session', later)).toEqual({ ok: true });
	});

	it('ends a one-time code: the new password is the person’s own', async () => {
		await env.db.update(users).set(oneTimeCodeFields()).where(eq(users.id, user.id));
		const forced = { ...user, mustChangePassword: true };
		expect(await changePassword(forced, '', '135792', 'session')).toEqual({ ok: true });
		const row = (await first(env.db.select().from(users).where(eq(users.id, user.id))))!;
		expect(row).toMatchObject({ mustChangePassword: false, signInCodeExpiresAt: null, signInCodeUsedAt: null });
	});
});
