import { closeAction, loadOne, countyPoster, updateAction } from '$lib/server/opportunities/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => loadOne(countyPoster(), params.id);

export const actions: Actions = {
	save: ({ params, request }) => updateAction(countyPoster(), params.id, request),
	close: ({ params, request }) => closeAction(countyPoster(), params.id, request)
};
