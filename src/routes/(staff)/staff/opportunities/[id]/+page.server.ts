import { closeAction, loadOne, staffPoster, updateAction } from '$lib/server/opportunities/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => loadOne(staffPoster(), params.id);

export const actions: Actions = {
	save: ({ params, request }) => updateAction(staffPoster(), params.id, request),
	close: ({ params, request }) => closeAction(staffPoster(), params.id, request)
};
