import { hash, verify } from '@node-rs/argon2';
import type { Role } from '../db/schema.ts';

// OWASP's minimum argon2id settings. @node-rs/argon2 defaults to argon2id; its Algorithm is a declared const
// enum, which isolated-module builds cannot inline, so the default is relied on (the spec checks the prefix).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

/** Hashes a password with argon2id; the result carries its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

/** True when `password` matches `passwordHash`; a malformed hash counts as no match rather than an error. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password, ARGON2_OPTIONS);
	} catch {
		return false;
	}
}

/**
 * Why a new password is not acceptable for `role`, as a message key, or null when it is.
 * Learners often sign in on shared phones with little typing practice, so a 6-digit PIN is enough;
 * accounts that can see other people's records need a longer password.
 */
export function passwordProblem(role: Role, password: string): string | null {
	if (role === 'learner') {
		if (/^\d{6}$/.test(password) || password.length >= 6) return null;
		return 'password_too_short_learner';
	}
	return password.length >= 10 ? null : 'password_too_short_staff';
}
