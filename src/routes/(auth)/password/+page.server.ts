import { fail, redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { changePassword } from '$lib/server/auth/account';
import { HOME_BY_ROLE, requireUser } from '$lib/server/auth/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const user = requireUser();
	return { forced: user.mustChangePassword, role: user.role };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const user = requireUser();
		const form = await request.formData();
		const current = String(form.get('current') ?? '');
		const password = String(form.get('password') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		if (password !== confirm) return fail(400, { errors: { confirm: 'error_password_mismatch' } });
		const result = await changePassword(user, current, password, locals.session!.id);
		if (!result.ok) return fail(400, { errors: { [result.field]: result.error } });
		redirect(303, localizeHref(user.role === 'learner' ? '/me?changed=1' : HOME_BY_ROLE[user.role]));
	}
};
