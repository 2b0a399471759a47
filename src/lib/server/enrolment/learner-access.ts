import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { db } from '../db/index.ts';
import { users } from '../db/schema.ts';
import { EnrolmentError } from './errors.ts';
import { getLearnerInTownship } from './learners.ts';

/**
 * Gives a learner a new 6-digit one-time sign-in code (shown once to staff, stored only as an argon2id hash).
 * The learner must choose their own password after signing in with it; other devices are signed out.
 * Throws EnrolmentError('learner_not_found') for anyone who is not a learner of this township.
 */
export async function issueSignInCode(
	actorId: number,
	townshipId: number,
	userId: number
): Promise<{ code: string; username: string }> {
	const learner = getLearnerInTownship(townshipId, userId);
	if (!learner) throw new EnrolmentError('learner_not_found');
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const passwordHash = await hashPassword(code);
	db.transaction((tx) => {
		tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, userId)).run();
		// Same connection, so this runs inside the transaction.
		invalidateUserSessions(userId);
		audit({ actorId, action: 'learner_code_issued', targetType: 'user', targetId: userId, townshipId }, tx);
	});
	return { code, username: learner.username };
}

/** Disables or re-enables a learner of this township; disabling signs them out everywhere at once. */
export function setLearnerDisabled(actorId: number, townshipId: number, userId: number, disabled: boolean): void {
	const learner = getLearnerInTownship(townshipId, userId);
	if (!learner) throw new EnrolmentError('learner_not_found');
	db.transaction((tx) => {
		tx.update(users)
			.set({ disabledAt: disabled ? new Date() : null })
			.where(eq(users.id, userId))
			.run();
		if (disabled) invalidateUserSessions(userId);
		const action = disabled ? 'learner_disabled' : 'learner_enabled';
		audit({ actorId, action, targetType: 'user', targetId: userId, townshipId }, tx);
	});
}
