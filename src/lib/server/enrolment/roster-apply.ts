import type { SQL } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { writeTransaction } from '../db/index.ts';
import { households, users } from '../db/schema.ts';
import { EnrolmentError } from './errors.ts';
import { validateRoster } from './roster-validate.ts';
import type { RosterPreview } from './roster-types.ts';
import { generateUsernames } from './usernames.ts';
import { countyOfTownship } from '../db/county.ts';

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
	return out;
}

/**
 * Imports a previewed roster: new households, then learners (username = phone, else a random 8-digit number;
 * no credential until staff issue a sign-in code), all or nothing in one transaction.
 * The roster is checked again inside the transaction, so a preview that went stale (another import took a phone
 * meanwhile) is refused instead of half applied.
 */
export async function applyRoster(
	preview: RosterPreview,
	{ actorId, townshipId }: { actorId: number; townshipId: number }
): Promise<{ households: number; learners: number }> {
	if (preview.townshipId !== townshipId) throw new EnrolmentError('roster_wrong_township');
	if (preview.problems.length) throw new EnrolmentError('roster_has_problems');
	return await writeTransaction(async (tx) => {
		const fresh = await validateRoster(preview.roster, townshipId, tx);
		if (fresh.problems.length || fresh.rows.length === 0) throw new EnrolmentError('roster_has_problems');

		// Every row of the roster is of the staff member's township, so of its county.
		const county = countyOfTownship(townshipId);
		const householdIds = new Map<string, number>();
		const newHouseholds = new Map<
			string,
			{ villageId: number; code: string; headName: string; countyId: SQL | null }
		>();
		for (const r of fresh.rows) {
			if (r.householdId !== null) householdIds.set(r.householdCode, r.householdId);
			else if (!newHouseholds.has(r.householdCode)) {
				newHouseholds.set(r.householdCode, {
					villageId: r.villageId,
					code: r.householdCode,
					headName: r.headName,
					countyId: county
				});
			}
		}
		for (const chunk of chunks([...newHouseholds.values()])) {
			const inserted = await tx
				.insert(households)
				.values(chunk)
				.returning({ id: households.id, code: households.code });
			for (const h of inserted) householdIds.set(h.code, h.id);
		}

		const generated = await generateUsernames(tx, fresh.rows.filter((r) => !r.phone).length);
		const learners = fresh.rows.map((r) => ({
			role: 'learner' as const,
			name: r.name,
			username: r.phone ?? generated.pop()!,
			phone: r.phone,
			idNumber: r.idNumber,
			householdId: householdIds.get(r.householdCode)!,
			townshipId,
			countyId: county,
			passwordHash: null,
			mustChangePassword: true
		}));
		for (const chunk of chunks(learners)) await tx.insert(users).values(chunk);

		const result = { households: newHouseholds.size, learners: learners.length };
		await audit(
			{
				actorId,
				action: 'roster_import',
				targetType: 'township',
				targetId: townshipId,
				townshipId,
				detail: { fileName: preview.fileName, ...result, existingHouseholds: fresh.existingHouseholds }
			},
			tx
		);
		return result;
	});
}
