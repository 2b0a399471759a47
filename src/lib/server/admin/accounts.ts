import { and, asc, eq, ne } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { hashPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { unlockAccount } from '../auth/rate-limit.ts';
import { oneTimeCodeFields } from '../auth/sign-in.ts';
import { db, writeTransaction } from '../db/index.ts';
import { townships, users } from '../db/schema.ts';
import { cleanName, NAME_CHARACTERS_ERROR } from '../text/names.ts';
import { first, one } from '../db/dialect.ts';
import { countyOfTownship } from '../db/county.ts';

/** The roles an admin creates; learners are enrolled by township staff. */
export const WORKER_ROLES = ['trainer', 'staff', 'admin'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

// Readable temporary passwords: no look-alike characters; 12 characters ≈ 60 bits.
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password for a new or reset worker account (works once, within 72 hours, to set a password). */
export function temporaryPassword(length = 12): string {
	const bytes = new Uint8Array(length);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => TEMP_ALPHABET[b % TEMP_ALPHABET.length]).join('');
}

/** Trainer, staff and admin accounts with their townships. */
export async function listWorkerAccounts() {
	return await db
		.select({
			id: users.id,
			role: users.role,
			name: users.name,
			username: users.username,
			township: townships.name,
			disabledAt: users.disabledAt
		})
		.from(users)
		.leftJoin(townships, eq(users.townshipId, townships.id))
		.where(ne(users.role, 'learner'))
		.orderBy(asc(users.role), asc(users.username));
}

export interface NewWorker {
	role: WorkerRole;
	name: string;
	username: string;
	townshipId: number | null;
	password?: string;
}

/**
 * Creates a trainer, staff or admin account. Staff must have a township; others have none.
 * Without a password, a temporary one is made and returned once, to be changed at first sign-in.
 */
export async function createWorkerAccount(
	actorId: number | null,
	input: NewWorker
): Promise<{ ok: true; id: number; temporaryPassword: string | null } | { ok: false; field: string; error: string }> {
	const name = cleanName(input.name);
	if (name === null) return { ok: false, field: 'name', error: NAME_CHARACTERS_ERROR };
	if (input.role === 'staff' && input.townshipId == null)
		return { ok: false, field: 'townshipId', error: 'error_required' };
	const townshipId = input.role === 'staff' ? input.townshipId : null;
	if (
		townshipId != null &&
		!(await first(db.select({ id: townships.id }).from(townships).where(eq(townships.id, townshipId))))
	) {
		return { ok: false, field: 'townshipId', error: 'error_unknown_parent' };
	}
	if (await first(db.select({ id: users.id }).from(users).where(eq(users.username, input.username)))) {
		return { ok: false, field: 'username', error: 'error_username_taken' };
	}
	const temp = input.password ? null : temporaryPassword();
	const passwordHash = await hashPassword(input.password ?? temp!);
	const id = await writeTransaction(async (tx) => {
		const row = await one(
			tx
				.insert(users)
				.values({
					role: input.role,
					name,
					username: input.username,
					townshipId,
					countyId: countyOfTownship(townshipId),
					passwordHash,
					...(temp ? oneTimeCodeFields() : {})
				})
				.returning({ id: users.id })
		);
		await audit(
			{
				actorId,
				action: 'account_created',
				targetType: 'user',
				targetId: row.id,
				townshipId,
				detail: { role: input.role, username: input.username }
			},
			tx
		);
		return row.id;
	});
	return { ok: true, id, temporaryPassword: temp };
}

async function findWorker(userId: number) {
	return await first(
		db
			.select({
				id: users.id,
				role: users.role,
				townshipId: users.townshipId,
				username: users.username,
				phone: users.phone
			})
			.from(users)
			.where(and(eq(users.id, userId), ne(users.role, 'learner')))
	);
}

/** Gives a worker account a new temporary password and signs it out everywhere; null if no such account. */
export async function resetWorkerPassword(actorId: number, userId: number): Promise<string | null> {
	const worker = await findWorker(userId);
	if (!worker) return null;
	const temp = temporaryPassword();
	const passwordHash = await hashPassword(temp);
	await writeTransaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, ...oneTimeCodeFields() })
			.where(eq(users.id, userId));
		await audit(
			{
				actorId,
				action: 'account_password_reset',
				targetType: 'user',
				targetId: userId,
				townshipId: worker.townshipId
			},
			tx
		);
	});
	await invalidateUserSessions(userId);
	return temp;
}

/** Disables or re-enables a worker account (never the acting admin's own); false if not allowed. */
export async function setWorkerDisabled(
	actorId: number,
	userId: number,
	disabled: boolean,
	now = new Date()
): Promise<boolean> {
	const worker = await findWorker(userId);
	if (!worker || userId === actorId) return false;
	await writeTransaction(async (tx) => {
		await tx
			.update(users)
			.set({ disabledAt: disabled ? now : null })
			.where(eq(users.id, userId));
		await audit(
			{
				actorId,
				action: disabled ? 'account_disabled' : 'account_enabled',
				targetType: 'user',
				targetId: userId,
				townshipId: worker.townshipId
			},
			tx
		);
	});
	if (disabled) await invalidateUserSessions(userId);
	return true;
}

/** Lifts the sign-in blocks of a worker account (others' wrong guesses); false if there is no such account. */
export async function unlockWorkerSignIn(actorId: number, userId: number): Promise<boolean> {
	const worker = await findWorker(userId);
	if (!worker) return false;
	await writeTransaction(async (tx) => {
		await unlockAccount([worker.username, worker.phone ?? ''], userId, tx);
		await audit(
			{ actorId, action: 'account_unlocked', targetType: 'user', targetId: userId, townshipId: worker.townshipId },
			tx
		);
	});
	return true;
}
