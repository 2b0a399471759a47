import { error, redirect } from '@sveltejs/kit';
import { cookieName, isLocale, localizeHref } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/** Switches the language without JavaScript: remembers the choice in a cookie and goes back to the page. */
export const GET: RequestHandler = ({ params, url, cookies }) => {
	if (!isLocale(params.locale)) error(404);
	const to = url.searchParams.get('to') ?? '/';
	const target = to.startsWith('/') && !to.startsWith('//') ? to : '/';
	cookies.set(cookieName, params.locale, { path: '/', maxAge: 60 * 60 * 24 * 400, httpOnly: false, sameSite: 'lax' });
	redirect(303, localizeHref(target, { locale: params.locale }));
};
