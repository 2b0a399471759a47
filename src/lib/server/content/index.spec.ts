// The glob-based index over the real content/ folder (Vite's glob transform runs under vitest too).
import { describe, expect, it } from 'vitest';
import { examForLearner, getCourse, getExam, getLesson, listCourses } from './index.ts';

describe('content index over content/courses', () => {
	const courses = listCourses();

	it('indexes the courses in content/courses', () => {
		expect(courses.length).toBeGreaterThan(0);
	});

	it('answers for every course it lists', () => {
		for (const summary of courses) {
			const course = getCourse(summary.slug);
			expect(course?.lessons).toHaveLength(summary.lessonCount);
			expect(course).not.toHaveProperty('exam');
			const [first] = course?.lessons ?? [];
			if (first) expect(getLesson(summary.slug, first.slug)).toMatchObject({ prev: null, courseSlug: summary.slug });
		}
	});

	it('gives learners exams without answers', () => {
		for (const { slug } of courses.filter((c) => getCourse(c.slug)?.hasExam)) {
			const exam = getExam(slug);
			const learner = examForLearner(slug);
			expect(learner?.questions).toHaveLength(exam?.questions.length ?? -1);
			expect(JSON.stringify(learner)).not.toMatch(/"correct"|"explanation"|"review"/);
		}
	});

	it('knows nothing of missing courses and lessons', () => {
		expect(getCourse('no-such-course')).toBeNull();
		expect(getLesson('no-such-course', 'x')).toBeNull();
		expect(getExam('no-such-course')).toBeNull();
		expect(examForLearner('no-such-course')).toBeNull();
	});
});
