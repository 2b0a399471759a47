import type { Picture, Question } from '../../content/format.js';

export type Category = 'farming' | 'business' | 'internet';

export type CourseSummary = {
	slug: string;
	order: number;
	title: string;
	summary: string;
	category: Category;
	level: 'beginner' | 'intermediate';
	language: string;
	minutes: number;
	coverUrl: string | null;
	lessonCount: number;
	/** Changes whenever any text or picture of the course changes (see courseVersion). */
	version: string;
};

export type LessonSummary = {
	slug: string;
	file: string;
	order: number;
	title: string;
	minutes: number;
	audioUrl?: string;
	practiceCount: number;
};

export type Course = CourseSummary & {
	lessons: LessonSummary[];
	passMark: number;
	examAttemptsPerDay: number;
	requireAllLessons: boolean;
	/** Who reads the lessons' recordings: a person, or a computer (the lesson page says so). */
	narration: 'person' | 'synthetic';
	/** Bytes of the course's markdown; media sizes are not known to the index. */
	sizeBytes: number;
	hasExam: boolean;
};

export type Lesson = LessonSummary & { courseSlug: string; prev: string | null; next: string | null };

/** The exam with its answer key: server only. Picture sources are URLs. */
export type Exam = {
	version: string;
	title: string | null;
	/** Questions one attempt asks, drawn from all of them; null: every question. */
	draw: number | null;
	questions: Question[];
};

export type LearnerOption = { id: string; text: string; image?: Picture };
export type LearnerQuestion = {
	id: string;
	type: Question['type'];
	text: string;
	image?: Picture;
	options: LearnerOption[];
};
/** What a learner may see before answering: no right answers, no explanations, no review hints. */
export type LearnerExam = { version: string; title: string | null; draw: number | null; questions: LearnerQuestion[] };

export type IndexedCourse = Course & {
	exam: { title: string | null; draw: number | null; questions: Question[] } | null;
};
export type ContentIndex = { courses: IndexedCourse[]; bySlug: Map<string, IndexedCourse> };
