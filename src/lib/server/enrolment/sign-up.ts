import { hashPassword } from '../auth/password.ts';
import { checkSignIn, recordFailure } from '../auth/rate-limit.ts';
import { normaliseEnrolmentCode } from './codes.ts';
import { registerWithCode, registrationProblem, type Registration } from './registration.ts';

export type RegistrationInput = Omit<Registration, 'passwordHash'> & { password: string };

export type RegistrationResult =
	| { ok: true; userId: number; username: string; awaitingApproval: boolean }
	| { ok: false; field: string; error: 'error_code_invalid' | 'error_register_refused' | 'register_rate_limited' };

/**
 * The rate-limit keys of a registration attempt: the address (codes are short enough to guess at scale) and the
 * code (a known code must not become a way to probe a village's households and phones).
 */
export function registrationKeys(clientAddress: string, code: string): string[] {
	const normalised = normaliseEnrolmentCode(code).slice(0, 20);
	return [`register-ip:${clientAddress}`, ...(normalised ? [`register-code:${normalised}`] : [])];
}

/** Whether registrations from this address with this code are blocked for now. */
export async function registrationBlocked(clientAddress: string, code: string, now = new Date()): Promise<boolean> {
	return !(await checkSignIn(registrationKeys(clientAddress, code), now)).allowed;
}

/** Counts an attempt that did not register anyone (also one the form itself refused). */
export async function countFailedRegistration(clientAddress: string, code: string, now = new Date()): Promise<void> {
	await recordFailure(registrationKeys(clientAddress, code), now);
}

/**
 * Registers a learner with a code, in the order that keeps it cheap to refuse: the limit, then the code, the
 * household and the phone, and only then the password's argon2id hash (about 50 ms of CPU each), so that
 * wrong codes cannot be sent to make the server hash. Every refused attempt counts per address and per code.
 */
export async function registerLearner(
	input: RegistrationInput,
	clientAddress: string,
	now = new Date(),
	hash: (password: string) => Promise<string> = hashPassword
): Promise<RegistrationResult> {
	if (await registrationBlocked(clientAddress, input.code, now)) {
		return { ok: false, field: 'form', error: 'register_rate_limited' };
	}
	const problem = await registrationProblem(input, now);
	if (problem) {
		await countFailedRegistration(clientAddress, input.code, now);
		return problem;
	}
	const { password, ...rest } = input;
	const result = await registerWithCode({ ...rest, passwordHash: await hash(password) }, now);
	if (!result.ok) await countFailedRegistration(clientAddress, input.code, now);
	return result;
}
