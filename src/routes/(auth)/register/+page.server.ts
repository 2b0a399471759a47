import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { hashPassword, passwordProblem } from '$lib/server/auth/password';
import { checkSignIn, recordFailure } from '$lib/server/auth/rate-limit';
import { registerWithCode } from '$lib/server/enrolment/codes';
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
		// Codes are short enough to guess at scale, so wrong codes count against the address like wrong passwords.
		const limitKey = [`register-ip:${getClientAddress()}`];
		if (!checkSignIn(limitKey).allowed) return fail(429, { values: kept, errors: { code: 'error_code_invalid' } });

		const parsed = schema.safeParse(values);
		if (!parsed.success) return fail(400, { values: kept, errors: fieldErrors(parsed.error) });
		const input = parsed.data;
		const result = registerWithCode({ ...input, passwordHash: await hashPassword(input.password) });
		if (!result.ok) {
			if (result.error === 'error_code_invalid') recordFailure(limitKey);
			return fail(400, { values: kept, errors: { [result.field]: result.error } });
		}
		return { registered: { username: result.username } };
	}
};
