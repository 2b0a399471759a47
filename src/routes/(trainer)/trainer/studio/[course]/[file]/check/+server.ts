import { error, json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { draftOf } from '$lib/server/content/library';
import { previewFile } from '$lib/server/content/preview';
import { problemsInWords } from '$lib/server/content/problem-text';
import type { RequestHandler } from './$types';

/**
 * The editor's check as the trainer types: the file's problems and its preview, with nothing saved. The problems
 * are in the request's language, which is the page's: the editor posts to its own address in its language
 * (localizeHref) with the same language cookie.
 */
export const POST: RequestHandler = async ({ params, request }) => {
	requireRole('trainer', 'admin');
	const draft = await draftOf(params.course);
	if (!draft || !params.file.endsWith('.md')) error(404, 'Not found');
	const text = await request.text();
	if (text.length > 100_000) error(413, 'Too big');
	const { problems, html } = await previewFile(draft, params.file, text.replace(/\r\n/g, '\n'));
	return json({ problems: problemsInWords(problems), html });
};
