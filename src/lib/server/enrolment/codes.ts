import { and, desc, eq } from 'drizzle-orm';
import { db, writeTransaction } from '../db/index.ts';
import { enrolmentCodes, villages } from '../db/schema.ts';
import { audit } from '../audit.ts';
import { first, one } from '../db/dialect.ts';

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
export async function createEnrolmentCode(
	actor: { id: number; townshipId: number },
	input: { villageId: number; days: number; maxUses: number },
	now = new Date()
): Promise<{ code: string; expiresAt: Date } | null> {
	const village = await first(
		db
			.select({ id: villages.id })
			.from(villages)
			.where(and(eq(villages.id, input.villageId), eq(villages.townshipId, actor.townshipId)))
	);
	if (!village) return null;
	const code = generateEnrolmentCode();
	const expiresAt = new Date(now.getTime() + input.days * DAY_MS);
	await writeTransaction(async (tx) => {
		const row = await one(
			tx
				.insert(enrolmentCodes)
				.values({ code, villageId: village.id, createdBy: actor.id, expiresAt, maxUses: input.maxUses })
				.returning({ id: enrolmentCodes.id })
		);
		await audit(
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
export async function listEnrolmentCodes(townshipId: number) {
	return await db
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
		.limit(100);
}

/** Stops a code of the actor's township from working; false when there is no such code there. */
export async function revokeEnrolmentCode(
	actor: { id: number; townshipId: number },
	codeId: number,
	now = new Date()
): Promise<boolean> {
	return await writeTransaction(async (tx) => {
		const row = await first(
			tx
				.select({ id: enrolmentCodes.id })
				.from(enrolmentCodes)
				.innerJoin(villages, eq(enrolmentCodes.villageId, villages.id))
				.where(and(eq(enrolmentCodes.id, codeId), eq(villages.townshipId, actor.townshipId)))
		);
		if (!row) return false;
		await tx.update(enrolmentCodes).set({ revokedAt: now }).where(eq(enrolmentCodes.id, codeId));
		await audit(
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
