import { error, json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { draftOf } from '$lib/server/content/library';
import { previewFile } from '$lib/server/content/preview';
import type { RequestHandler } from './$types';

/** The editor's check as the trainer types: the file's problems and its preview, with nothing saved. */
export const POST: RequestHandler = async ({ params, request }) => {
	requireRole('trainer', 'admin');
	const draft = draftOf(params.course);
	if (!draft || !params.file.endsWith('.md')) error(404, 'Not found');
	const text = await request.text();
	if (text.length > 100_000) error(413, 'Too big');
	return json(await previewFile(draft, params.file, text.replace(/\r\n/g, '\n')));
};
