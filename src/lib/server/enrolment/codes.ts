import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { enrolmentCodes, households, users, villages } from '../db/schema.ts';
import { audit } from '../audit.ts';
import { generateUsernames } from './usernames.ts';

// No 0/O, 1/I/L or U: easy to read aloud and to type from a printed slip.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 8;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A random registration code (8 characters, about 39 bits). */
export function generateEnrolmentCode(): string {
	const bytes = new Uint8Array(CODE_LENGTH);
	crypto.getRandomValues(bytes);
	// 256 % 30 leaves a small bias; the sign-up rate limit, not uniformity, is what stops guessing.
	return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** What a person typed, as stored: upper case, without spaces or dashes. */
export function normaliseEnrolmentCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Formats a code for reading: "ABCD-EFGH". */
export function formatEnrolmentCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Creates a code for a village of the staff member's township; null if the village is elsewhere. */
export function createEnrolmentCode(
	actor: { id: number; townshipId: number },
	input: { villageId: number; days: number; maxUses: number },
	now = new Date()
): { code: string; expiresAt: Date } | null {
	const village = db
		.select({ id: villages.id })
		.from(villages)
		.where(and(eq(villages.id, input.villageId), eq(villages.townshipId, actor.townshipId)))
		.get();
	if (!village) return null;
	const code = generateEnrolmentCode();
	const expiresAt = new Date(now.getTime() + input.days * DAY_MS);
	db.transaction((tx) => {
		const row = tx
			.insert(enrolmentCodes)
			.values({ code, villageId: village.id, createdBy: actor.id, expiresAt, maxUses: input.maxUses })
			.returning({ id: enrolmentCodes.id })
			.get();
		audit(
			{
				actorId: actor.id,
				action: 'enrolment_code_created',
				targetType: 'enrolment_code',
				targetId: row.id,
				townshipId: actor.townshipId,
				detail: { villageId: village.id, maxUses: input.maxUses, days: input.days }
			},
			tx
		);
	});
	return { code, expiresAt };
}

/** The township's codes, newest first, with their village names. */
export function listEnrolmentCodes(townshipId: number) {
	return db
		.select({
			id: enrolmentCodes.id,
			code: enrolmentCodes.code,
			village: villages.name,
			expiresAt: enrolmentCodes.expiresAt,
			maxUses: enrolmentCodes.maxUses,
			uses: enrolmentCodes.uses,
			revokedAt: enrolmentCodes.revokedAt
		})
		.from(enrolmentCodes)
		.innerJoin(villages, eq(enrolmentCodes.villageId, villages.id))
		.where(eq(villages.townshipId, townshipId))
		.orderBy(desc(enrolmentCodes.id))
		.limit(100)
		.all();
}

/** Stops a code of the actor's township from working; false when there is no such code there. */
export function revokeEnrolmentCode(
	actor: { id: number; townshipId: number },
	codeId: number,
	now = new Date()
): boolean {
	return db.transaction((tx) => {
		const row = tx
			.select({ id: enrolmentCodes.id })
			.from(enrolmentCodes)
			.innerJoin(villages, eq(enrolmentCodes.villageId, villages.id))
			.where(and(eq(enrolmentCodes.id, codeId), eq(villages.townshipId, actor.townshipId)))
			.get();
		if (!row) return false;
		tx.update(enrolmentCodes).set({ revokedAt: now }).where(eq(enrolmentCodes.id, codeId)).run();
		audit(
			{
				actorId: actor.id,
				action: 'enrolment_code_revoked',
				targetType: 'enrolment_code',
				targetId: codeId,
				townshipId: actor.townshipId
			},
			tx
		);
		return true;
	});
}

export interface Registration {
	code: string;
	name: string;
	householdCode: string;
	householdHead: string;
	phone: string;
	passwordHash: string;
}

export type RegistrationError = 'error_code_invalid' | 'error_register_refused';
type Refusal = { ok: false; field: string; error: RegistrationError };
type Db = Pick<typeof db, 'select'>;

function findCode(tx: Db, input: string, now: Date) {
	return tx
		.select({
			id: enrolmentCodes.id,
			villageId: enrolmentCodes.villageId,
			villageCode: villages.code,
			townshipId: villages.townshipId
		})
		.from(enrolmentCodes)
		.innerJoin(villages, eq(enrolmentCodes.villageId, villages.id))
		.where(
			and(
				eq(enrolmentCodes.code, normaliseEnrolmentCode(input)),
				isNull(enrolmentCodes.revokedAt),
				gt(enrolmentCodes.expiresAt, now),
				lt(enrolmentCodes.uses, enrolmentCodes.maxUses)
			)
		)
		.get();
}

function findHousehold(tx: Db, code: string, villageId: number) {
	return tx
		.select({ id: households.id })
		.from(households)
		.where(and(eq(households.code, code), eq(households.villageId, villageId)))
		.get();
}

/**
 * Why a registration would be refused, or null: the code, the household and the phone, read without writing.
 * A taken phone and an unknown household get one answer, so the form does not tell who is registered.
 */
export function registrationProblem(
	input: Omit<Registration, 'passwordHash'>,
	now = new Date(),
	tx: Db = db
): Refusal | null {
	const found = findCode(tx, input.code, now);
	if (!found) return { ok: false, field: 'code', error: 'error_code_invalid' };
	const phoneTaken = input.phone && tx.select({ id: users.id }).from(users).where(eq(users.phone, input.phone)).get();
	const householdUnknown = input.householdCode && !findHousehold(tx, input.householdCode, found.villageId);
	if (phoneTaken || householdUnknown) return { ok: false, field: 'form', error: 'error_register_refused' };
	return null;
}

/**
 * Registers a learner with a village's code, all in one transaction: the code's use is counted
 * only if the account is made. Joins the household with the given code in that village, waiting for staff
 * to approve (anyone who knows a household's number could claim to belong to it), or makes a new household
 * headed by `householdHead`.
 */
export function registerWithCode(
	input: Registration,
	now = new Date()
): { ok: true; userId: number; username: string; awaitingApproval: boolean } | Refusal {
	return db.transaction((tx) => {
		const problem = registrationProblem(input, now, tx);
		if (problem) return problem;
		const found = findCode(tx, input.code, now)!;
		let householdId: number;
		const joining = !!input.householdCode;
		if (joining) {
			householdId = findHousehold(tx, input.householdCode, found.villageId)!.id;
		} else {
			// Self-registered households get a provisional code the staff can later correct: village code + "S" + 4 digits.
			let householdCode: string;
			do householdCode = `${found.villageCode}S${generateUsernames(tx, 1)[0].slice(-4)}`;
			while (tx.select({ id: households.id }).from(households).where(eq(households.code, householdCode)).get());
			householdId = tx
				.insert(households)
				.values({ villageId: found.villageId, code: householdCode, headName: input.householdHead })
				.returning({ id: households.id })
				.get().id;
		}
		const username = input.phone || generateUsernames(tx, 1)[0];
		const user = tx
			.insert(users)
			.values({
				role: 'learner',
				name: input.name,
				username,
				phone: input.phone || null,
				householdId,
				townshipId: found.townshipId,
				passwordHash: input.passwordHash,
				awaitingApproval: joining
			})
			.returning({ id: users.id })
			.get();
		tx.update(enrolmentCodes)
			.set({ uses: sql`${enrolmentCodes.uses} + 1` })
			.where(eq(enrolmentCodes.id, found.id))
			.run();
		audit(
			{
				actorId: user.id,
				action: 'learner_registered',
				targetType: 'user',
				targetId: user.id,
				townshipId: found.townshipId,
				detail: { enrolmentCodeId: found.id, awaitingApproval: joining }
			},
			tx
		);
		return { ok: true as const, userId: user.id, username, awaitingApproval: joining };
	});
}
