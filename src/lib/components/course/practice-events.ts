import type { PracticeAnswerPayload } from '$lib/sync/protocol';

/**
 * A practice quiz tells the page it sits in about each checked answer with a DOM event that bubbles up from the
 * quiz: `new CustomEvent('zhizhi-practice-answer', { detail, bubbles: true })`. An event rather than a Svelte
 * context keeps the lesson page and the quizzes inside its markdown from sharing a module (one request less on
 * a slow phone), and quizzes work on their own where nobody listens (a trainer's preview).
 * The event's name is written out where it is sent and heard, so that this file stays types only.
 */
/** A checked answer, as the practice_answer event's payload carries it (the sync protocol's shape). */
export type AnswerDetail = PracticeAnswerPayload;

export type PracticeAnswerEvent = CustomEvent<AnswerDetail>;
