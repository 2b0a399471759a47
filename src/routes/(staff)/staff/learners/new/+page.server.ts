import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireStaff } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { addHousehold } from '$lib/server/enrolment/households';
import { addLearner } from '$lib/server/enrolment/learners';
import { searchHouseholds } from '$lib/server/enrolment/household-search';
import { householdsByCode } from '$lib/server/enrolment/lookups';
import { formValues } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const staff = requireStaff();
	const find = (url.searchParams.get('find') ?? '').slice(0, 40);
	return {
		householdCode: url.searchParams.get('household') ?? '',
		added: url.searchParams.get('added'),
		find,
		matches: await searchHouseholds(staff.townshipId, find)
	};
};

export const actions: Actions = {
	household: async ({ request }) => {
		const staff = requireStaff();
		const values = formValues(await request.formData(), ['villageId', 'code', 'headName']);
		const result = await addHousehold(staff.id, staff.townshipId, values);
		if (!result.ok) return fail(400, { form: 'household', values, errors: result.errors });
		redirect(
			303,
			localizeHref(`/staff/learners/new?household=${encodeURIComponent(values.code.trim())}&added=household`)
		);
	},
	learner: async ({ request }) => {
		const staff = requireStaff();
		const values = formValues(await request.formData(), ['householdCode', 'name', 'phone', 'idNumber']);
		// Households are looked up by the code on the household's papers; one of another township counts as unknown.
		const household = (await householdsByCode(db, [values.householdCode.trim()])).find(
			(h) => h.townshipId === staff.townshipId
		);
		if (!household) {
			return fail(400, { form: 'learner', values, errors: { householdCode: 'enrol_household_not_found' } });
		}
		const result = await addLearner(staff.id, staff.townshipId, { ...values, householdId: household.id });
		if (!result.ok) {
			const { householdId, ...errors } = result.errors;
			return fail(400, {
				form: 'learner',
				values,
				errors: householdId ? { ...errors, householdCode: householdId } : errors
			});
		}
		redirect(303, localizeHref(`/staff/learners/${result.userId}`));
	}
};
