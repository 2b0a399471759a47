import { fail, redirect } from '@sveltejs/kit';
import { cookieName, isLocale, localizeHref } from '$lib/paraglide/runtime';
import { HOME_BY_ROLE, safeNextPath } from '$lib/server/auth/guards';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';
import { signIn } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) {
		redirect(
			303,
			localizeHref(safeNextPath(url.searchParams.get('next'), url.origin) ?? HOME_BY_ROLE[locals.user.role])
		);
	}
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const identifier = String(form.get('identifier') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 200);
		if (!identifier.trim() || !password) return fail(400, { identifier, error: 'login_invalid', retryAfterMinutes: 0 });

		const result = await signIn(identifier, password, getClientAddress(), request.headers.get('user-agent'));
		if (!result.ok) {
			if (result.reason === 'rate_limited') {
				const retryAfterMinutes = Math.ceil(result.retryAfterSeconds / 60);
				return fail(429, { identifier, error: 'login_rate_limited', retryAfterMinutes });
			}
			if (result.reason === 'invalid') {
				const error = result.slowed ? 'login_slowed' : 'login_invalid';
				return fail(400, { identifier, error, retryAfterMinutes: 0 });
			}
			const error = result.reason === 'code_expired' ? 'login_code_expired' : 'login_awaiting_approval';
			return fail(403, { identifier, error, retryAfterMinutes: 0 });
		}
		cookies.set(
			SESSION_COOKIE,
			result.token,
			sessionCookieOptions(result.session.expiresAt, url.protocol === 'https:')
		);
		// A language chosen on this phone wins; otherwise the account's own language.
		const locale = cookies.get(cookieName) ?? result.locale;
		if (!cookies.get(cookieName) && isLocale(locale)) {
			cookies.set(cookieName, locale, { path: '/', maxAge: 60 * 60 * 24 * 400, httpOnly: false, sameSite: 'lax' });
		}
		const target = result.mustChangePassword
			? '/password'
			: (safeNextPath(url.searchParams.get('next'), url.origin) ?? HOME_BY_ROLE[result.role]);
		redirect(303, localizeHref(target, { locale: isLocale(locale) ? locale : undefined }));
	}
};
