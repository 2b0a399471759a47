import { fail, redirect } from '@sveltejs/kit';
import { cookieName, isLocale, localizeHref } from '$lib/paraglide/runtime';
import { listSessions, setUserLocale } from '$lib/server/auth/account';
import { HOME_BY_ROLE, requireUser } from '$lib/server/auth/guards';
import { setShowAsStar, showsAsStar } from '$lib/server/village/stars';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user, session } = locals;
	if (!user || !session) return { account: null };
	return {
		account: {
			name: user.name,
			username: user.username,
			role: user.role,
			locale: user.locale,
			workspace: user.role === 'learner' ? null : HOME_BY_ROLE[user.role]
		},
		sessions: await listSessions(user.id, session.id),
		showAsStar: user.role === 'learner' ? await showsAsStar(user.id) : null,
		passwordChanged: url.searchParams.has('changed')
	};
};

export const actions: Actions = {
	language: async ({ request, cookies }) => {
		const user = requireUser();
		const locale = String((await request.formData()).get('locale') ?? '');
		if (!isLocale(locale)) return fail(400, { languageError: true });
		await setUserLocale(user.id, locale);
		cookies.set(cookieName, locale, { path: '/', maxAge: 60 * 60 * 24 * 400, httpOnly: false, sameSite: 'lax' });
		redirect(303, localizeHref('/me', { locale }));
	},
	/** The learner's own choice to be listed as a star of the month on the village page (off by default). */
	star: async ({ request }) => {
		const user = requireUser();
		if (user.role !== 'learner') return fail(403, { starError: true });
		await setShowAsStar(user.id, (await request.formData()).get('showAsStar') === 'on');
		return { starSaved: true };
	}
};
