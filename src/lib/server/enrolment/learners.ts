import { and, count, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { db, type Executor, writeTransaction } from '../db/index.ts';
import { households, users, villages } from '../db/schema.ts';
import type { FormResult } from './errors.ts';
import { fieldErrors } from '../forms.ts';
import { idField, idNumberField, personNameField, phoneField } from './form.ts';
import { maskIdNumber } from './identity.ts';
import { takenIdNumbers, takenPhones } from './lookups.ts';
import { generateUsernames } from './usernames.ts';
import { first, one } from '../db/dialect.ts';
import { countyOfTownship } from '../db/county.ts';

export const learnerSchema = z.object({
	householdId: idField('enrol_household_not_found'),
	name: personNameField('enrol_name_required'),
	phone: phoneField,
	idNumber: idNumberField
});
export type LearnerInput = z.input<typeof learnerSchema>;
type LearnerField = keyof LearnerInput;

/** What staff pages may show about a learner: no password hash, the ID number masked. */
export interface LearnerSummary {
	id: number;
	name: string;
	username: string;
	phone: string | null;
	idNumberMasked: string | null;
	householdId: number;
	householdCode: string;
	headName: string;
	villageId: number;
	villageName: string;
	/** False until staff issue a first sign-in code. */
	hasCredential: boolean;
	mustChangePassword: boolean;
	/** Registered into an existing household; cannot sign in until staff approve. */
	awaitingApproval: boolean;
	disabled: boolean;
	createdAt: Date;
}

/** Learners of one township: role learner, household in one of its villages. */
function inTownship(townshipId: number): SQL {
	return and(eq(users.role, 'learner'), eq(villages.townshipId, townshipId))!;
}

function selectLearners(database: Executor) {
	return database
		.select({
			id: users.id,
			name: users.name,
			username: users.username,
			phone: users.phone,
			idNumber: users.idNumber,
			householdId: households.id,
			householdCode: households.code,
			headName: households.headName,
			villageId: villages.id,
			villageName: villages.name,
			hasCredential: sql<boolean>`${users.passwordHash} is not null`.mapWith(Boolean),
			mustChangePassword: users.mustChangePassword,
			awaitingApproval: users.awaitingApproval,
			disabled: sql<boolean>`${users.disabledAt} is not null`.mapWith(Boolean),
			createdAt: users.createdAt
		})
		.from(users)
		.innerJoin(households, eq(users.householdId, households.id))
		.innerJoin(villages, eq(households.villageId, villages.id));
}

function summary({ idNumber, ...row }: { idNumber: string | null } & Omit<LearnerSummary, 'idNumberMasked'>) {
	return { ...row, idNumberMasked: maskIdNumber(idNumber) } satisfies LearnerSummary;
}

/** One learner, or null when there is none in this township (staff of another township see nothing). */
export async function getLearnerInTownship(townshipId: number, userId: number): Promise<LearnerSummary | null> {
	const row = await first(selectLearners(db).where(and(inTownship(townshipId), eq(users.id, userId))));
	return row ? summary(row) : null;
}

/** Further than any township's list goes; bounds an offset computed from a page number. */
const MAX_OFFSET = 2 ** 31;

/**
 * Learners of a township, searched by name, phone, username or household code, newest first. `onlyIds` keeps
 * the list to those learners (the follow-up list's, for "needs help"; a few hundred at most).
 */
export async function listLearners(
	townshipId: number,
	options: { q?: string; villageId?: number; onlyIds?: number[]; limit: number; offset: number }
): Promise<{ total: number; learners: LearnerSummary[] }> {
	if (options.onlyIds?.length === 0) return { total: 0, learners: [] };
	const filters = [inTownship(townshipId)];
	if (options.villageId) filters.push(eq(villages.id, options.villageId));
	if (options.onlyIds) filters.push(inArray(users.id, options.onlyIds));
	const q = options.q?.trim();
	if (q) {
		const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const like = (column: SQLWrapper) => sql`${column} like ${pattern} escape '\\'`;
		filters.push(or(like(users.name), like(users.phone), like(users.username), like(households.code))!);
	}
	const where = and(...filters);
	// SQLite refuses a LIMIT or OFFSET that is not a whole number (Infinity, NaN, 5e21: "datatype mismatch").
	const limit = Math.min(Math.max(1, Math.floor(options.limit)), 200) || 50;
	const offset = Math.min(Math.max(0, Math.floor(options.offset)), MAX_OFFSET) || 0;
	const learners = await selectLearners(db)
		.where(where)
		.orderBy(sql`${users.id} desc`)
		.limit(limit)
		.offset(offset);
	const [{ total }] = await db
		.select({ total: count() })
		.from(users)
		.innerJoin(households, eq(users.householdId, households.id))
		.innerJoin(villages, eq(households.villageId, villages.id))
		.where(where);
	return { total, learners: learners.map(summary) };
}

/** Adds one learner to a household of the township; username = phone, else a random 8-digit number. */
export async function addLearner(
	actorId: number,
	townshipId: number,
	input: LearnerInput
): Promise<FormResult<{ userId: number; username: string }, LearnerField>> {
	const parsed = learnerSchema.safeParse(input);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const { householdId, name, phone, idNumber } = parsed.data;
	return await writeTransaction(async (tx) => {
		const household = await first(
			tx
				.select({ id: households.id })
				.from(households)
				.innerJoin(villages, eq(households.villageId, villages.id))
				.where(and(eq(households.id, householdId), eq(villages.townshipId, townshipId)))
		);
		if (!household) return { ok: false as const, errors: { householdId: 'enrol_household_not_found' } };
		const errors: Partial<Record<LearnerField, string>> = {};
		if (phone && (await takenPhones(tx, [phone])).size) errors.phone = 'enrol_phone_taken';
		if (idNumber && (await takenIdNumbers(tx, [idNumber])).size) errors.idNumber = 'enrol_id_taken';
		if (Object.keys(errors).length) return { ok: false as const, errors };
		const username = phone ?? (await generateUsernames(tx, 1))[0];
		const { id } = await one(
			tx
				.insert(users)
				.values({
					role: 'learner',
					name,
					username,
					phone,
					idNumber,
					householdId,
					townshipId,
					countyId: countyOfTownship(townshipId),
					mustChangePassword: true
				})
				.returning({ id: users.id })
		);
		await audit({ actorId, action: 'learner_added', targetType: 'user', targetId: id, townshipId }, tx);
		return { ok: true as const, userId: id, username };
	});
}
