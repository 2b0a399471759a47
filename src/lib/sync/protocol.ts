// The sync protocol between a phone's outbox and `/api/sync`, in one place for both sides: the event kinds,
// each kind's payload, the limits the server enforces and how an exam form's answers are read. Plain
// TypeScript on purpose: the lesson page and the service worker load it, and zod would blow their size budget.
// The server checks the same shapes with zod in `$lib/server/sync/payloads.ts`, built from these constants.
import type { GoalSetEvent, WeeklyGoal } from './goal.ts';
import type { InterestEvent, InterestRejection } from '../opportunities/interest-event.ts';
import type { LearnerFeedback, RatingPayload } from './rating.ts';

/** Everything a learner does is one of these. The database's `learning_events.kind` holds the same list. */
export const EVENT_KINDS = [
	'lesson_completed',
	'practice_answer',
	'exam_attempt',
	/** A course or lesson rated with a face, maybe with a comment (see rating.ts). */
	'rating',
	/** "我没看懂" on a lesson. */
	'not_understood'
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Course and lesson slugs, as the content index makes them. */
export const SLUG_PATTERN = /^[a-z0-9-]{1,60}$/;
/** A course's content version (a hash of its files). */
export const VERSION_PATTERN = /^[0-9a-f]{6,64}$/;

/** Caps on what one event may carry; generous for real courses (questions `q1`…, options `a`–`f`). */
export const PAYLOAD_LIMITS = {
	questionIdLength: 20,
	optionIdLength: 10,
	/** Options chosen for one question. */
	chosenPerQuestion: 10,
	/** Questions answered in one exam attempt. */
	examAnswers: 200,
	/** A signed exam ticket. */
	ticketLength: 512,
	/** An ISO time string, with room for an offset. */
	timeLength: 40
} as const;

/** The options chosen for each question of an exam, by question id. */
export type ExamAnswers = Record<string, string[]>;

/** A checked answer of a lesson's practice quiz (the quiz tells the page with the same shape). */
export type PracticeAnswerPayload = { questionId: string; chosen: string[]; correct: boolean };

/** A handed-in exam: graded on the server against the key of the version the questions came from. */
export type ExamAttemptPayload = {
	/** The signed single-use ticket the exam page or the saved course gave: it fixes the questions and their order. */
	ticket: string;
	answers: ExamAnswers;
	/** ISO time the learner opened the exam. */
	startedAt?: string;
};

type EventBase = {
	/**
	 * A UUID made on the phone (version 7, time first: see event-id.ts): a retried or doubled send is recognised and
	 * counted once. The server takes any UUID version.
	 */
	id: string;
	/** The learner the phone made the event for; a shared phone's outbox holds several learners' events. */
	userId: number;
	courseSlug: string;
	contentVersion: string;
	/** ISO time on the phone when it happened. */
	clientAt: string;
};

/** One thing a learner did in a course. */
export type LearningSyncEvent = EventBase &
	(
		| { kind: 'lesson_completed'; lessonSlug: string; payload?: null }
		| { kind: 'practice_answer'; lessonSlug: string; payload: PracticeAnswerPayload }
		| { kind: 'exam_attempt'; lessonSlug?: null; payload: ExamAttemptPayload }
		/** No lesson: the course itself is rated. */
		| { kind: 'rating'; lessonSlug?: string | null; payload: RatingPayload }
		| { kind: 'not_understood'; lessonSlug: string; payload?: null }
	);

/** One thing a learner did, as the outbox keeps it and sends it: in a course, a choice of weekly goal, or interest in an
 * opportunity. */
export type SyncEvent = LearningSyncEvent | GoalSetEvent | InterestEvent;

/** Why the server refused one event; the phone keeps it, with this reason, for the learner to see. */
export type RejectionReason =
	| 'invalid'
	| 'unknown_course'
	| 'unknown_version'
	| 'unknown_lesson'
	/** The event names another learner than the one signed in. */
	| 'other_user'
	/** The event's id was already used by another event (another kind, lesson or learner). */
	| 'id_conflict'
	| 'lessons_not_done'
	| 'too_many_attempts'
	| 'no_exam'
	/** Exam attempts are marked only on a ticket the server gave (see server/learning/exam-attempts.ts). */
	| 'no_ticket'
	| 'bad_ticket'
	| 'ticket_used'
	| 'outside_ticket_window'
	| 'answers_outside_ticket'
	/** Alone over the request size limit (decided by the phone after a 413). */
	| 'too_large'
	| InterestRejection;

export const EVENT_STATUSES = ['applied', 'duplicate', 'rejected'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The server's answer about one event of a batch. */
export type EventResult = { id: string; status: EventStatus; reason?: string };

/**
 * Why a whole request was refused (`{ error }` in the body). `rate_limited` and `quota_exceeded` come with
 * status 429 and a Retry-After header: the events are good, the phone sends them later.
 */
export type RequestRefusal =
	| 'unauthenticated'
	| 'cross_origin'
	| 'unsupported_media_type'
	| 'too_large'
	| 'too_deep'
	| 'invalid'
	| 'too_many_events'
	| 'rate_limited'
	| 'quota_exceeded';

/** What a learner's phone needs after a sync: lessons done, exam results, certificates (dates as ISO strings). */
export type LearnerState = {
	userId: number;
	progress: Record<string, string[]>;
	attempts: { id: string; courseSlug: string; score: number; passed: boolean; review: string[]; submittedAt: string }[];
	certificates: {
		number: string;
		courseSlug: string;
		courseTitle: string;
		score: number;
		township: string;
		issuedAt: string;
		revokedAt: string | null;
	}[];
	/** The weekly goal the learner chose, latest choice (absent in a state stored by an older version). */
	goal?: WeeklyGoal | null;
	/** Lessons first completed on each China calendar day (YYYY-MM-DD) of the last weeks, for the calendar. */
	lessonDays?: Record<string, number>;
} & LearnerFeedback; // The learner's own ratings and "我没看懂" taps (absent in a state stored by an older version).

/** An exam form names each question's field `q:<question id>`; each checked option is one value. */
export const ANSWER_FIELD_PREFIX = 'q:';

/** The form field of a question's options. */
export const answerFieldName = (questionId: string): string => `${ANSWER_FIELD_PREFIX}${questionId}`;

/**
 * The answers of an exam form (the page's, the offline form post's or the server action's), questions and
 * options in a fixed order so that the same answers always read the same.
 */
export function answersFromForm(form: Iterable<[string, unknown]>): ExamAnswers {
	// A Map, not an object: a field named `q:__proto__` must be a key like any other.
	const answers = new Map<string, string[]>();
	for (const [name, value] of form) {
		if (!name.startsWith(ANSWER_FIELD_PREFIX) || typeof value !== 'string') continue;
		const questionId = name.slice(ANSWER_FIELD_PREFIX.length);
		answers.set(questionId, [...(answers.get(questionId) ?? []), value]);
	}
	const byId = [...answers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return Object.fromEntries(byId.map(([id, chosen]) => [id, chosen.sort()]));
}
