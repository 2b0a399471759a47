import { getContext, setContext } from 'svelte';

export interface AnswerDetail {
	questionId: string;
	chosen: string[];
	correct: boolean;
}

const KEY = Symbol('practice-answers');

/** Lets a lesson page hear the answers given in the practice quizzes its markdown contains. */
export function setPracticeListener(listener: (detail: AnswerDetail) => void): void {
	setContext(KEY, listener);
}

/** The lesson page's listener, if any (quizzes also work on their own, e.g. in a trainer's preview). */
export function getPracticeListener(): ((detail: AnswerDetail) => void) | undefined {
	return getContext(KEY);
}
