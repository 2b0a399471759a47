import { error, fail, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { draftOf, readFiles } from '$lib/server/content/library';
import { previewFile } from '$lib/server/content/preview';
import { problemsInWords } from '$lib/server/content/problem-text';
import { writeFile } from '$lib/server/content/studio';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

/** The most a course file may hold: far more than any lesson needs, little enough to check as one types. */
const MAX_TEXT = 100_000;

export const load: PageServerLoad = async ({ params, url }) => {
	requireRole('trainer', 'admin');
	const draft = await draftOf(params.course);
	// Only a draft is edited: the course page offers to start one.
	if (!draft) redirect(303, localizeHref(`/trainer/studio/${params.course}`));
	const bytes = (await readFiles(draft.id, [params.file]))[params.file];
	if (!bytes || !params.file.endsWith('.md')) error(404, 'Not found');
	const text = new TextDecoder().decode(bytes);
	const { problems, html } = await previewFile(draft, params.file, text);
	return {
		course: params.course,
		file: params.file,
		text,
		revision: draft.revision,
		problems: problemsInWords(problems),
		html,
		line: Number(url.searchParams.get('line')) || null
	};
};

export const actions: Actions = {
	save: async ({ params, request }) => {
		const user = requireRole('trainer', 'admin');
		const form = await request.formData();
		const text = String(form.get('text') ?? '').replace(/\r\n/g, '\n');
		const draft = await draftOf(params.course);
		if (!draft) return fail(409, { error: 'studio_error_conflict', text });
		if (text.length > MAX_TEXT) return fail(400, { error: 'studio_error_too_big', text });
		const result = await writeFile(
			draft.id,
			Number(form.get('revision')),
			user.id,
			params.file,
			new TextEncoder().encode(text)
		);
		if (!result.ok)
			return fail(result.error === 'conflict' ? 409 : 400, { error: `studio_error_${result.error}`, text });
		return { done: 'studio_saved' };
	}
};
