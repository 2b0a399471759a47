import { error, json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { draftOf } from '$lib/server/content/library';
import { previewFile } from '$lib/server/content/preview';
import { problemsInWords } from '$lib/server/content/problem-text';
import { extractLocaleFromUrl } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

/** The editor's check as the trainer types: the file's problems and its preview, with nothing saved. */
export const POST: RequestHandler = async ({ params, request, url }) => {
	requireRole('trainer', 'admin');
	const draft = draftOf(params.course);
	if (!draft || !params.file.endsWith('.md')) error(404, 'Not found');
	const text = await request.text();
	if (text.length > 100_000) error(413, 'Too big');
	const { problems, html } = await previewFile(draft, params.file, text.replace(/\r\n/g, '\n'));
	// In the language of the page that asks: it posts to its own address's language (localizeHref), which the
	// language cookie, read first, could contradict if the trainer switched language in another tab since.
	return json({ problems: problemsInWords(problems, extractLocaleFromUrl(url)), html });
};
