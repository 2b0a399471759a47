import { createAction, formChoices, staffPoster } from '$lib/server/opportunities/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => formChoices(staffPoster());

export const actions: Actions = {
	default: ({ request }) => createAction(staffPoster(), request, '/staff/opportunities')
};
