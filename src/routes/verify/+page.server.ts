import { redirect } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

// The form sends ?number=...; the result lives at /verify/<number> so it can be linked and printed as a QR code.
export const load: PageServerLoad = ({ url }) => {
	const number = url.searchParams.get('number')?.trim();
	if (number) redirect(303, localizeHref(`/verify/${encodeURIComponent(number.slice(0, 40))}`));
	return {};
};
