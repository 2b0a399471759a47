import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password hashing', () => {
	it('round-trips with argon2id and the chosen parameters', async () => {
		const hashed = await hashPassword('correct horse');
		expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(hashed).not.toContain('correct horse');
		expect(await verifyPassword(hashed, 'correct horse')).toBe(true);
	});

	it('rejects a wrong password', async () => {
		const hashed = await hashPassword('123456');
		expect(await verifyPassword(hashed, '123457')).toBe(false);
		expect(await verifyPassword(hashed, '')).toBe(false);
	});

	it('salts each hash', async () => {
		expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
	});

	it('treats a malformed hash as no match', async () => {
		expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
	});
});

describe('passwordProblem', () => {
	it('accepts a 6-digit PIN or 6+ characters for learners', () => {
		expect(passwordProblem('learner', '123456')).toBeNull();
		expect(passwordProblem('learner', 'abcdef')).toBeNull();
		expect(passwordProblem('learner', '12345')).not.toBeNull();
		expect(passwordProblem('learner', 'abc')).not.toBeNull();
		expect(passwordProblem('learner', '')).not.toBeNull();
	});

	it('requires 10+ characters for trainers, staff and admins', () => {
		for (const role of ['trainer', 'staff', 'admin'] as const) {
			expect(passwordProblem(role, '123456')).not.toBeNull();
			expect(passwordProblem(role, '123456789')).not.toBeNull();
			expect(passwordProblem(role, '1234567890')).toBeNull();
			expect(passwordProblem(role, 'a long passphrase')).toBeNull();
		}
	});

	it('returns a message key string', () => {
		expect(typeof passwordProblem('staff', 'short')).toBe('string');
	});
});
