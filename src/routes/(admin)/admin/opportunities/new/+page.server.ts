import { createAction, formChoices, countyPoster } from '$lib/server/opportunities/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => formChoices(countyPoster());

export const actions: Actions = {
	default: ({ request }) => createAction(countyPoster(), request, '/admin/opportunities')
};
