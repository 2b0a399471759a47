// Final exams. The answer key stays on the server: getExam is for marking, examForLearner for the page.
import { findCourse } from './store.ts';
import type { Question } from '../../content/format.js';
import type { Exam, LearnerExam, LearnerOption, LearnerQuestion } from './types.ts';

/** The exam with right answers, explanations and review lessons, for marking on the server; or null. */
export async function getExam(courseSlug: string): Promise<Exam | null> {
	const course = await findCourse(courseSlug);
	if (!course?.exam) return null;
	return {
		version: course.version,
		title: course.exam.title,
		draw: course.exam.draw,
		questions: structuredClone(course.exam.questions)
	};
}

/**
 * Questions as a learner may see them before answering. Each object is built field by field (never spread),
 * so a field added to questions later cannot leak the answer key.
 */
export function toLearnerQuestions(questions: Question[]): LearnerQuestion[] {
	return questions.map((q) => {
		const options = q.options.map((o) => {
			const option: LearnerOption = { id: o.id, text: o.text };
			if (o.image) option.image = { src: o.image.src, alt: o.image.alt };
			return option;
		});
		const question: LearnerQuestion = { id: q.id, type: q.type, text: q.text, options };
		if (q.image) question.image = { src: q.image.src, alt: q.image.alt };
		return question;
	});
}

/** The exam without right answers, explanations or review lessons, for the exam page; or null. */
export async function examForLearner(courseSlug: string): Promise<LearnerExam | null> {
	const exam = await getExam(courseSlug);
	return (
		exam && { version: exam.version, title: exam.title, draw: exam.draw, questions: toLearnerQuestions(exam.questions) }
	);
}
