import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { writeTransaction } from '../db/index.ts';
import { households, villages } from '../db/schema.ts';
import type { FormResult } from './errors.ts';
import { fieldErrors } from '../forms.ts';
import { idField, personNameField, textField } from './form.ts';
import { first, one } from '../db/dialect.ts';
import { countyOfTownship } from '../db/county.ts';

export const householdSchema = z.object({
	villageId: idField('enrol_village_not_found'),
	code: textField('enrol_household_code_required', 40),
	headName: personNameField('enrol_head_required')
});
export type HouseholdInput = z.input<typeof householdSchema>;
type HouseholdField = keyof HouseholdInput;

/** Registers a household in a village of the staff member's township; a village elsewhere counts as not found. */
export async function addHousehold(
	actorId: number,
	townshipId: number,
	input: HouseholdInput
): Promise<FormResult<{ householdId: number }, HouseholdField>> {
	const parsed = householdSchema.safeParse(input);
	if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
	const { villageId, code, headName } = parsed.data;
	return await writeTransaction(async (tx) => {
		const village = await first(
			tx
				.select({ id: villages.id })
				.from(villages)
				.where(and(eq(villages.id, villageId), eq(villages.townshipId, townshipId)))
		);
		if (!village) return { ok: false as const, errors: { villageId: 'enrol_village_not_found' } };
		const taken = await first(tx.select({ id: households.id }).from(households).where(eq(households.code, code)));
		if (taken) return { ok: false as const, errors: { code: 'enrol_household_code_taken' } };
		const { id } = await one(
			tx
				.insert(households)
				.values({ villageId, code, headName, countyId: countyOfTownship(townshipId) })
				.returning({ id: households.id })
		);
		await audit({ actorId, action: 'household_added', targetType: 'household', targetId: id, townshipId }, tx);
		return { ok: true as const, householdId: id };
	});
}
