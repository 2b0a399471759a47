import { randomInt } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { unlockAccount } from '../auth/rate-limit.ts';
import { oneTimeCodeFields } from '../auth/sign-in.ts';
import { db, writeTransaction } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';
import { EnrolmentError } from './errors.ts';
import { getLearnerInTownship } from './learners.ts';

/**
 * Gives a learner a new 6-digit one-time sign-in code (shown once to staff, stored only as an argon2id hash).
 * It works for one sign-in within 72 hours, after which the learner must choose their own password; other
 * devices are signed out.
 * Throws EnrolmentError('learner_not_found') for anyone who is not a learner of this township.
 */
export async function issueSignInCode(
	actorId: number,
	townshipId: number,
	userId: number
): Promise<{ code: string; username: string; expiresAt: Date }> {
	const learner = await getLearnerInTownship(townshipId, userId);
	if (!learner) throw new EnrolmentError('learner_not_found');
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	const passwordHash = await hashPassword(code);
	const codeFields = oneTimeCodeFields();
	await writeTransaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, ...codeFields })
			.where(eq(users.id, userId));
		await invalidateUserSessions(userId, undefined, tx);
		await audit({ actorId, action: 'learner_code_issued', targetType: 'user', targetId: userId, townshipId }, tx);
	});
	// The expiry goes on the printed slip.
	return { code, username: learner.username, expiresAt: codeFields.signInCodeExpiresAt };
}

/** Disables or re-enables a learner of this township; disabling signs them out everywhere at once. */
export async function setLearnerDisabled(
	actorId: number,
	townshipId: number,
	userId: number,
	disabled: boolean
): Promise<void> {
	const learner = await getLearnerInTownship(townshipId, userId);
	if (!learner) throw new EnrolmentError('learner_not_found');
	await writeTransaction(async (tx) => {
		await tx
			.update(users)
			.set({ disabledAt: disabled ? new Date() : null })
			.where(eq(users.id, userId));
		if (disabled) await invalidateUserSessions(userId, undefined, tx);
		const action = disabled ? 'learner_disabled' : 'learner_enabled';
		await audit({ actorId, action, targetType: 'user', targetId: userId, townshipId }, tx);
	});
}

/**
 * Lifts the sign-in blocks of a learner of this township: when others' wrong guesses locked the account, or the
 * learner's own at the township office's shared address.
 */
export async function unlockLearnerSignIn(actorId: number, townshipId: number, userId: number): Promise<void> {
	const learner = await getLearnerInTownship(townshipId, userId);
	if (!learner) throw new EnrolmentError('learner_not_found');
	await writeTransaction(async (tx) => {
		await unlockAccount([learner.username, learner.phone ?? ''], userId, tx);
		await audit({ actorId, action: 'learner_unlocked', targetType: 'user', targetId: userId, townshipId }, tx);
	});
}

/** Lets a learner who registered into an existing household sign in, once staff know they belong there. */
export async function approveLearner(actorId: number, townshipId: number, userId: number): Promise<void> {
	const learner = await getLearnerInTownship(townshipId, userId);
	if (!learner) throw new EnrolmentError('learner_not_found');
	await writeTransaction(async (tx) => {
		await tx.update(users).set({ awaitingApproval: false }).where(eq(users.id, userId));
		await audit({ actorId, action: 'learner_approved', targetType: 'user', targetId: userId, townshipId }, tx);
	});
}

/** The township's learners who wait for approval to join a household, oldest first. */
export async function listAwaitingApproval(townshipId: number) {
	return await db
		.select({
			id: users.id,
			name: users.name,
			username: users.username,
			householdCode: households.code,
			headName: households.headName,
			villageName: villages.name
		})
		.from(users)
		.innerJoin(households, eq(users.householdId, households.id))
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(and(eq(users.role, 'learner'), eq(users.awaitingApproval, true), eq(villages.townshipId, townshipId)))
		.orderBy(asc(users.id))
		.limit(200);
}
