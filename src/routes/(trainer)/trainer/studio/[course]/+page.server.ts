// Each action guards, reads its form, asks $lib/server/content, and answers with a message key (studio_*) that
// the page shows; a refused change says why and changes nothing. (Here, not in a module beside: the access test
// reads the actions from this file, and posts every one of them as every kind of visitor.)
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireRole } from '$lib/server/auth/guards';
import { discardDraft, openDraft, restoreAsDraft, type DraftResult } from '$lib/server/content/drafts';
import { draftOf, versionsOf } from '$lib/server/content/library';
import { problemsInWords } from '$lib/server/content/problem-text';
import { publishDraft, withdrawCourse } from '$lib/server/content/publish';
import type { PageServerLoad } from './$types';
import { isRasterPicture, pictureForPhones } from '$lib/server/content/pictures';
import { addLesson, deleteFile, moveLesson, renameLesson, studioCourse, writeFile } from '$lib/server/content/studio';
import { PICTURE_EXTENSIONS, AUDIO_EXTENSIONS, extensionOf } from '$lib/content/names.js';

type Event = RequestEvent<{ course: string }>;

export const load: PageServerLoad = async ({ params }) => {
	requireRole('trainer', 'admin');
	const course = await studioCourse(params.course);
	if (!course) error(404, 'Not found');
	return { course: { ...course, problems: problemsInWords(course.problems) } };
};

const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
};

/** The draft the form was made for, at the revision the form saw. */
async function draftForm(event: Event) {
	const user = requireRole('trainer', 'admin');
	const form = await event.request.formData();
	const draft = await draftOf(event.params.course);
	return { user, form, draft, revision: Number(text(form, 'revision')) };
}

const answer = (result: DraftResult, done: string) =>
	result.ok ? { done } : fail(result.error === 'conflict' ? 409 : 400, { error: `studio_error_${result.error}` });

const noDraft = () => fail(409, { error: 'studio_error_conflict' });

export const actions = {
	edit: async ({ params }: Event) => {
		const user = requireRole('trainer', 'admin');
		return (await openDraft(params.course, user.id))
			? { done: 'studio_saved' }
			: fail(404, { error: 'studio_error_no_course' });
	},
	restore: async ({ params, request }: Event) => {
		const user = requireRole('trainer', 'admin');
		const result = await restoreAsDraft(params.course, Number((await request.formData()).get('version')), user.id);
		return answer(result, 'studio_restored');
	},
	publish: async (event: Event) => {
		const { user, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		const result = await publishDraft(draft.id, revision, user.id);
		if (result.ok) return { done: 'studio_published', number: result.number };
		return fail(result.error === 'conflict' ? 409 : 400, { error: `studio_error_${result.error}` });
	},
	discard: async (event: Event) => {
		const { user, revision } = await draftForm(event);
		const result = await discardDraft(event.params.course, revision, user.id);
		if (!result.ok) return answer(result, '');
		// A course never published has nothing left to show.
		if ((await versionsOf(event.params.course)).length === 0) redirect(303, localizeHref('/trainer'));
		return { done: 'studio_discarded' };
	},
	withdraw: async ({ params }: Event) => {
		const user = requireRole('trainer', 'admin');
		return (await withdrawCourse(params.course, user.id))
			? { done: 'studio_withdrawn' }
			: fail(400, { error: 'studio_error_missing' });
	},
	addLesson: async (event: Event) => {
		const { user, form, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		const title = text(form, 'title');
		if (!title) return fail(400, { error: 'studio_error_title', values: { title, slug: text(form, 'slug') } });
		const result = await addLesson(draft.id, revision, user.id, text(form, 'slug'), title);
		return result.ok
			? { done: 'studio_saved' }
			: fail(400, { error: `studio_error_${result.error}`, values: { title, slug: text(form, 'slug') } });
	},
	move: async (event: Event) => {
		const { user, form, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		return answer(
			await moveLesson(draft.id, revision, user.id, text(form, 'name'), text(form, 'by') === 'up' ? -1 : 1),
			'studio_saved'
		);
	},
	rename: async (event: Event) => {
		const { user, form, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		return answer(
			await renameLesson(draft.id, revision, user.id, text(form, 'name'), text(form, 'slug')),
			'studio_saved'
		);
	},
	remove: async (event: Event) => {
		const { user, form, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		return answer(await deleteFile(draft.id, revision, user.id, text(form, 'name')), 'studio_saved');
	},
	addExam: async (event: Event) => {
		const { user, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		const exam = '---\ntitle: 考试\n---\n\n';
		return answer(
			await writeFile(draft.id, revision, user.id, 'exam.md', new TextEncoder().encode(exam)),
			'studio_saved'
		);
	},
	upload: async (event: Event) => {
		const { user, form, draft, revision } = await draftForm(event);
		if (!draft) return noDraft();
		let current = revision;
		const made: { from: string; to: string; before: number; after: number }[] = [];
		for (const file of form.getAll('file')) {
			if (!(file instanceof File) || file.size === 0) continue;
			// Phones name photos in Chinese or by date: the name keeps its extension and what is usable of the rest.
			const ext = extensionOf(file.name.toLowerCase());
			const stem = file.name
				.toLowerCase()
				.slice(0, -ext.length - 1)
				.replace(/[^a-z0-9_-]+/g, '-')
				.replace(/^-+|-+$/g, '');
			const name = `${stem || `file-${Date.now().toString(36)}`}.${ext}`;
			if (![...PICTURE_EXTENSIONS, ...AUDIO_EXTENSIONS].includes(ext)) {
				return fail(400, { error: 'studio_error_file_type' });
			}
			const bytes = new Uint8Array(await file.arrayBuffer());
			let stored: { name: string; bytes: Uint8Array } = { name, bytes };
			if (isRasterPicture(name)) {
				try {
					stored = await pictureForPhones(name, bytes);
				} catch {
					return fail(400, { error: 'studio_error_picture_broken' });
				}
				made.push({ from: name, to: stored.name, before: bytes.byteLength, after: stored.bytes.byteLength });
			}
			const original = stored.bytes === bytes ? undefined : bytes;
			const result = await writeFile(draft.id, current, user.id, stored.name, stored.bytes, original);
			if (!result.ok) return answer(result, '');
			current = result.revision;
		}
		return { done: 'studio_saved', made };
	}
};
