import { error } from '@sveltejs/kit';
import { answerRange } from '$lib/offline/recordings';
import { requireRole } from '$lib/server/auth/guards';
import { mediaResponse } from '$lib/server/content/media';
import type { RequestHandler } from './$types';

/** A draft's picture or recording, for the studio's preview: trainers only, kept nowhere (see cache-control.ts). */
export const GET: RequestHandler = async ({ params, request }) => {
	requireRole('trainer', 'admin');
	const response = await mediaResponse(params.sha, params.name, 'draft');
	if (!response) error(404, 'Not found');
	return answerRange(request, response);
};
