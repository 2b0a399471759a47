// The "contacted" form, shared by the follow-up list and the learner page: read, check, save.
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import type { StaffUser } from '../auth/guards.ts';
import { formValues, type FieldErrors } from '../forms.ts';
import { parseId } from '../params.ts';
import { addFollowUpNote } from './notes.ts';

export type ContactFailure = ActionFailure<{
	learnerId: number;
	errors: FieldErrors;
	values: { note: string; contactedOn: string };
}>;

/**
 * Saves a contact note from a posted form's data (fields learnerId, note, contactedOn). A learner outside the staff
 * member's township is a 404, like one that does not exist. Resolves with the learner's id when saved.
 */
export async function saveContact(
	staff: StaffUser,
	form: FormData,
	/** The learner the page is about: a form naming anyone else is refused before anything is saved. */
	onlyLearner?: number
): Promise<number | ContactFailure> {
	const values = formValues(form, ['learnerId', 'note', 'contactedOn'] as const);
	const learnerId = parseId(values.learnerId);
	if (learnerId === null || (onlyLearner !== undefined && learnerId !== onlyLearner)) error(404, 'not found');
	const result = await addFollowUpNote(staff, learnerId, values);
	if (result.ok) return learnerId;
	if ('notFound' in result) error(404, 'not found');
	return fail(400, {
		learnerId,
		errors: result.errors,
		values: { note: values.note.slice(0, 400), contactedOn: values.contactedOn.slice(0, 10) }
	});
}
