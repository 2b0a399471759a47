import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { passwordProblem } from '$lib/server/auth/password';
import { countFailedRegistration, registerLearner, registrationBlocked } from '$lib/server/enrolment/sign-up';
import { fieldErrors, formValues, keepValues } from '$lib/server/forms';
import { nameField } from '$lib/server/text/names';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['code', 'name', 'householdCode', 'householdHead', 'phone', 'password', 'confirm'] as const;

const schema = z
	.object({
		code: z.string().trim().min(1, 'error_required').max(20, 'error_code_invalid'),
		name: nameField(40, { required: 'error_required', tooLong: 'error_too_long' }),
		householdCode: z.string().trim().max(30, 'error_too_long'),
		householdHead: nameField(40, { required: null, tooLong: 'error_too_long' }),
		phone: z
			.string()
			.trim()
			.regex(/^(1\d{10})?$/, 'error_phone_format'),
		password: z.string().max(200, 'error_too_long'),
		confirm: z.string()
	})
	.superRefine((v, ctx) => {
		if (!v.householdCode && !v.householdHead)
			ctx.addIssue({ code: 'custom', path: ['householdHead'], message: 'error_required' });
		const problem = passwordProblem('learner', v.password);
		if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
		else if (v.password !== v.confirm)
			ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'error_password_mismatch' });
	});

export const load: PageServerLoad = ({ url }) => ({ code: url.searchParams.get('code') ?? '' });

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const values = formValues(await request.formData(), FIELDS);
		const kept = keepValues(values, ['password', 'confirm']);
		const address = getClientAddress();
		const code = values.code ?? '';
		if (await registrationBlocked(address, code))
			return fail(429, { values: kept, errors: { form: 'register_rate_limited' } });

		const parsed = schema.safeParse(values);
		if (!parsed.success) {
			await countFailedRegistration(address, code);
			return fail(400, { values: kept, errors: fieldErrors(parsed.error) });
		}
		const result = await registerLearner(parsed.data, address);
		if (!result.ok)
			return fail(result.error === 'register_rate_limited' ? 429 : 400, {
				values: kept,
				errors: { [result.field]: result.error }
			});
		return { registered: { username: result.username, awaitingApproval: result.awaitingApproval } };
	}
};
