import { redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guards';
import { saveContact } from '$lib/server/followup/form';
import { FOLLOW_UP_FILTERS, followUpList, type FollowUpFilter } from '$lib/server/followup/list';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

const asFilter = (value: unknown): FollowUpFilter =>
	FOLLOW_UP_FILTERS.includes(value as FollowUpFilter) ? (value as FollowUpFilter) : 'all';

export const load: PageServerLoad = async ({ url }) => {
	const staff = requireStaff();
	const show = asFilter(url.searchParams.get('show'));
	return { show, learners: await followUpList(staff.townshipId, show), saved: url.searchParams.get('saved') };
};

export const actions: Actions = {
	// Posted to ?/contacted&show=…, so the list keeps its filter on a refusal as well as after saving.
	contacted: async ({ request, url }) => {
		const staff = requireStaff();
		const form = await request.formData();
		const saved = await saveContact(staff, form);
		if (typeof saved !== 'number') return saved;
		const show = asFilter(url.searchParams.get('show'));
		redirect(303, localizeHref(`/staff/follow-up?show=${show}&saved=${saved}#learner-${saved}`));
	}
};
