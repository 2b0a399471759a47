// Forms posted while offline. A slow phone may show a saved lesson before its JavaScript is running, and a
// phone without JavaScript never runs it: then "mark as done" and "hand in the exam" are plain form posts,
// which fail offline. The service worker catches those two, keeps them in the outbox like the pages do, and
// sends the learner back to a page it has (the lesson, or the course that says the exam waits to be sent).
import { answersFromForm, VERSION_PATTERN as VERSION } from '../sync/protocol.ts';
import { addEvent, getCurrentUser, type OutboxEvent } from './outbox.ts';

const COURSE_PAGE = /^(\/en)?\/courses\/([a-z0-9-]{1,60})\/([a-z0-9-]{1,60})$/;
const TICKET = /^[a-z0-9]{16,40}\.[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export type OfflineForm = { event: OutboxEvent; redirectTo: string };

/** Which offline form a POST is: the lesson's "mark as done" or the exam's "hand in"; null for any other. */
export function offlineFormKind(url: URL): 'complete' | 'submit' | null {
	const match = COURSE_PAGE.exec(url.pathname);
	if (!match) return null;
	if (url.search === '?/complete' && match[3] !== 'exam') return 'complete';
	if (url.search === '?/submit' && match[3] === 'exam') return 'submit';
	return null;
}

/** A UUID made from a hash, so the same submission gives the same id (a double tap or a retried post counts once). */
async function uuidFrom(text: string): Promise<string> {
	const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).slice(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The outbox event a form post stands for, and where to send the learner next; null when the post is not one
 * of the two forms or is malformed (the caller then shows the offline page, as for any other post).
 */
export async function eventFromForm(
	url: URL,
	form: FormData,
	userId: number,
	now = new Date()
): Promise<OfflineForm | null> {
	const kind = offlineFormKind(url);
	const match = COURSE_PAGE.exec(url.pathname);
	if (!kind || !match) return null;
	const [, prefix = '', courseSlug, page] = match;
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	const formId = text('eventId');
	if (!UUID.test(formId)) return null;
	const clientAt = now.toISOString();

	// A stored page is the same for every family member who opens it, form id included: each learner's event
	// gets an id of their own from it (two learners' posts of one page must not be taken for one event).
	if (kind === 'complete') {
		const contentVersion = text('contentVersion');
		if (!VERSION.test(contentVersion)) return null;
		const id = await uuidFrom(`${formId}:${userId}`);
		return {
			event: { id, userId, kind: 'lesson_completed', courseSlug, lessonSlug: page, contentVersion, clientAt },
			redirectTo: `${prefix}/courses/${courseSlug}/${page}`
		};
	}

	const contentVersion = text('version');
	// The exam's signed ticket (its seed and questions are the server's business).
	const ticket = text('ticket');
	if (!VERSION.test(contentVersion) || !TICKET.test(ticket)) return null;
	const sorted = answersFromForm(form);
	// A page kept on the phone keeps the id it was made with; a second attempt from it (other answers) must not
	// be taken for the first, while the same answers posted twice are one attempt.
	const id = await uuidFrom(`${formId}:${userId}:${JSON.stringify(sorted)}`);
	const startedAt = text('startedAt');
	return {
		event: {
			id,
			userId,
			kind: 'exam_attempt',
			courseSlug,
			lessonSlug: null,
			contentVersion,
			clientAt,
			payload: { ticket, answers: sorted, ...(startedAt ? { startedAt } : {}) }
		},
		redirectTo: `${prefix}/courses/${courseSlug}`
	};
}

/**
 * Keeps an offline form post in the outbox of the learner signed in on this phone. Returns where to send the
 * learner, or null when it could not be kept (nobody signed in here, another learner's page, a malformed post).
 */
export async function keepOfflineForm(request: Request, now = new Date()): Promise<string | null> {
	const user = await getCurrentUser();
	if (!user) return null;
	const form = await request.formData().catch(() => null);
	if (!form) return null;
	const kept = await eventFromForm(new URL(request.url), form, user.id, now);
	if (!kept) return null;
	// The same lesson or the same attempt already waiting keeps its first record.
	await addEvent(kept.event);
	return kept.redirectTo;
}
