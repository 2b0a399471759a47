import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireRole } from '$lib/server/auth/guards';
import { readCourseArchive } from '$lib/server/content/archive';
import { createCourse, importAsDraft } from '$lib/server/content/drafts';
import { allVersions } from '$lib/server/content/library';
import { newCourseFiles } from '$lib/server/content/studio';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	requireRole('trainer', 'admin');
};

const schema = z.object({
	title: z.string().trim().min(1, 'studio_error_title').max(40, 'studio_error_title'),
	slug: z
		.string()
		.trim()
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'studio_error_bad_name')
		.max(50, 'studio_error_bad_name'),
	category: z.enum(['farming', 'business', 'internet'])
});

export const actions: Actions = {
	import: async ({ request }) => {
		const user = requireRole('trainer', 'admin');
		const file = (await request.formData()).get('archive');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { importError: 'studio_error_archive_broken', name: '' });
		const archive = await readCourseArchive(new Uint8Array(await file.arrayBuffer()));
		if (!archive.ok) return fail(400, { importError: `studio_error_${archive.error}`, name: archive.name ?? '' });
		const result = await importAsDraft(archive.folder, archive.files, user.id);
		if (!result.ok) return fail(400, { importError: `studio_error_${result.error}`, name: '' });
		redirect(303, localizeHref(`/trainer/studio/${result.slug}`));
	},
	create: async ({ request }) => {
		const user = requireRole('trainer', 'admin');
		const form = await request.formData();
		const values = {
			title: String(form.get('title') ?? ''),
			slug: String(form.get('slug') ?? ''),
			category: String(form.get('category') ?? '')
		};
		const parsed = schema.safeParse(values);
		if (!parsed.success) return fail(400, { error: parsed.error.issues[0].message, values });
		// After the courses there are: its number orders the catalogue.
		const last = Math.max(0, ...(await allVersions()).map((v) => Number(v.folder.slice(0, 2)) || 0));
		if (last >= 99) return fail(400, { error: 'studio_error_bad_name', values });
		const folder = `${String(last + 1).padStart(2, '0')}-${parsed.data.slug}`;
		const result = await createCourse(folder, newCourseFiles(parsed.data.title, parsed.data.category), user.id);
		if (!result.ok) return fail(400, { error: `studio_error_${result.error}`, values });
		redirect(303, localizeHref(`/trainer/studio/${parsed.data.slug}`));
	}
};
