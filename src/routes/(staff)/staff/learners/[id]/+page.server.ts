import { error, redirect } from '@sveltejs/kit';
import { requireStaff } from '$lib/server/auth/guards';
import { EnrolmentError } from '$lib/server/enrolment/errors';
import {
	approveLearner,
	issueSignInCode,
	setLearnerDisabled,
	unlockLearnerSignIn
} from '$lib/server/enrolment/learner-access';
import { getLearnerInTownship } from '$lib/server/enrolment/learners';
import { learnerTimeline } from '$lib/server/records/learners';
import { saveContact } from '$lib/server/followup/form';
import { courseProgressOf, withTitles } from '$lib/server/followup/learner-page';
import { reasonsFor } from '$lib/server/followup/list';
import { notesOf } from '$lib/server/followup/notes';
import { localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { parseId } from '$lib/server/params';

/** The learner of the path, if they belong to the signed-in staff member's township; 404 otherwise. */
async function scopedLearner(idParam: string) {
	const staff = requireStaff();
	const id = parseId(idParam);
	const learner = id === null ? null : await getLearnerInTownship(staff.townshipId, id);
	if (!learner) error(404, 'not found');
	return { staff, learner };
}

async function orNotFound<T>(work: () => T | Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof EnrolmentError && e.key === 'learner_not_found') error(404, 'not found');
		throw e;
	}
}

export const load: PageServerLoad = async ({ params }) => {
	const { staff, learner } = await scopedLearner(params.id);
	return {
		learner,
		timeline: await withTitles((await learnerTimeline(staff.townshipId, learner.id))?.items ?? []),
		courses: await courseProgressOf(learner.id),
		reasons: await reasonsFor(staff.townshipId, learner.id),
		notes: await notesOf(staff.townshipId, learner.id)
	};
};

export const actions: Actions = {
	code: async ({ params }) => {
		const { staff, learner } = await scopedLearner(params.id);
		const issued = await orNotFound(() => issueSignInCode(staff.id, staff.townshipId, learner.id));
		return { issued };
	},
	unlock: async ({ params }) => {
		const { staff, learner } = await scopedLearner(params.id);
		await orNotFound(() => unlockLearnerSignIn(staff.id, staff.townshipId!, learner.id));
		return { unlocked: true };
	},
	approve: async ({ params }) => {
		const { staff, learner } = await scopedLearner(params.id);
		await orNotFound(() => approveLearner(staff.id, staff.townshipId!, learner.id));
		return { approved: true };
	},
	disable: async ({ params, request }) => {
		const { staff, learner } = await scopedLearner(params.id);
		// The first press only asks; the confirm form sends confirm=yes (no JavaScript needed).
		if ((await request.formData()).get('confirm') !== 'yes') return { confirmDisable: true };
		await orNotFound(() => setLearnerDisabled(staff.id, staff.townshipId, learner.id, true));
		return { saved: true };
	},
	contacted: async ({ params, request }) => {
		const { staff, learner } = await scopedLearner(params.id);
		const saved = await saveContact(staff, await request.formData(), learner.id);
		if (typeof saved !== 'number') return saved;
		redirect(303, localizeHref(`/staff/learners/${learner.id}?noted=1#follow-up`));
	},
	enable: async ({ params }) => {
		const { staff, learner } = await scopedLearner(params.id);
		await orNotFound(() => setLearnerDisabled(staff.id, staff.townshipId, learner.id, false));
		return { saved: true };
	}
};
