import { error } from '@sveltejs/kit';
import { answerRange } from '$lib/offline/recordings';
import { mediaResponse } from '$lib/server/content/media';
import type { RequestHandler } from './$types';

/**
 * A picture or recording of a published course version, by the hash of its bytes: the same for everyone and never
 * changing (cached for good). A draft's files are the studio's (/trainer/studio/media), and markdown is never
 * served (exam.md holds the answers).
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const response = await mediaResponse(params.sha, params.name, 'published');
	if (!response) error(404, 'Not found');
	return answerRange(request, response);
};
