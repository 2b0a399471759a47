import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { enrolmentCodes, households, users, villages } from '../db/schema.ts';
import { normaliseEnrolmentCode } from './codes.ts';
import { generateUsernames } from './usernames.ts';
import { affectedRows, first, one } from '../db/dialect.ts';
import { countyOfTownship, countyOfVillage } from '../db/county.ts';

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

async function findCode(tx: Db, input: string, now: Date) {
	return await first(
		tx
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
	);
}

async function findHousehold(tx: Db, code: string, villageId: number) {
	return await first(
		tx
			.select({ id: households.id })
			.from(households)
			.where(and(eq(households.code, code), eq(households.villageId, villageId)))
	);
}

/**
 * Why a registration would be refused, or null: the code, the household and the phone, read without writing.
 * A taken phone and an unknown household get one answer, so the form does not tell who is registered.
 */
export async function registrationProblem(
	input: Omit<Registration, 'passwordHash'>,
	now = new Date(),
	tx: Db = db
): Promise<Refusal | null> {
	const found = await findCode(tx, input.code, now);
	if (!found) return { ok: false, field: 'code', error: 'error_code_invalid' };
	const phoneTaken =
		input.phone && (await first(tx.select({ id: users.id }).from(users).where(eq(users.phone, input.phone))));
	const householdUnknown = input.householdCode && !(await findHousehold(tx, input.householdCode, found.villageId));
	if (phoneTaken || householdUnknown) return { ok: false, field: 'form', error: 'error_register_refused' };
	return null;
}

/**
 * Registers a learner with a village's code, all in one transaction: the code's use is counted
 * only if the account is made. Joins the household with the given code in that village, waiting for staff
 * to approve (anyone who knows a household's number could claim to belong to it), or makes a new household
 * headed by `householdHead`.
 */
export async function registerWithCode(
	input: Registration,
	now = new Date()
): Promise<{ ok: true; userId: number; username: string; awaitingApproval: boolean } | Refusal> {
	return await writeTransaction(async (tx) => {
		const problem = await registrationProblem(input, now, tx);
		if (problem) return problem;
		const found = (await findCode(tx, input.code, now))!;
		// The code's use is claimed first, and only while one is left: with several servers on PostgreSQL, two
		// registrations may have read the last use at once; the second one's update waits for the first and then
		// finds none left. (Undone with the rest if the account is not made.)
		const claimed = await tx
			.update(enrolmentCodes)
			.set({ uses: sql`${enrolmentCodes.uses} + 1` })
			.where(and(eq(enrolmentCodes.id, found.id), lt(enrolmentCodes.uses, enrolmentCodes.maxUses)));
		if (affectedRows(claimed) !== 1) return { ok: false, field: 'code', error: 'error_code_invalid' } as const;
		let householdId: number;
		const joining = !!input.householdCode;
		if (joining) {
			householdId = (await findHousehold(tx, input.householdCode, found.villageId))!.id;
		} else {
			// Self-registered households get a provisional code the staff can later correct: village code + "S" + 4 digits.
			let householdCode: string;
			do householdCode = `${found.villageCode}S${(await generateUsernames(tx, 1))[0].slice(-4)}`;
			while (await first(tx.select({ id: households.id }).from(households).where(eq(households.code, householdCode))));
			householdId = (
				await one(
					tx
						.insert(households)
						.values({
							villageId: found.villageId,
							code: householdCode,
							headName: input.householdHead,
							countyId: countyOfVillage(found.villageId)
						})
						.returning({ id: households.id })
				)
			).id;
		}
		const username = input.phone || (await generateUsernames(tx, 1))[0];
		const user = await one(
			tx
				.insert(users)
				.values({
					role: 'learner',
					name: input.name,
					username,
					phone: input.phone || null,
					householdId,
					townshipId: found.townshipId,
					countyId: countyOfTownship(found.townshipId),
					passwordHash: input.passwordHash,
					awaitingApproval: joining
				})
				.returning({ id: users.id })
		);
		await audit(
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
