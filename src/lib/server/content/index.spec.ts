// The glob-based index over the real content/ folder (Vite's glob transform runs under vitest too).
import { describe, expect, it } from 'vitest';
import { examForLearner, getCourse, getExam, getLesson, listCourses } from './index.ts';

describe('content index over content/courses', async () => {
	const courses = await listCourses();

	it('indexes the courses in content/courses', () => {
		expect(courses.length).toBeGreaterThan(0);
	});

	it('answers for every course it lists', async () => {
		for (const summary of courses) {
			const course = await getCourse(summary.slug);
			expect(course?.lessons).toHaveLength(summary.lessonCount);
			expect(course).not.toHaveProperty('exam');
			const [first] = course?.lessons ?? [];
			if (first)
				expect(await getLesson(summary.slug, first.slug)).toMatchObject({ prev: null, courseSlug: summary.slug });
		}
	});

	it('gives learners exams without answers', async () => {
		for (const { slug } of courses) {
			if (!(await getCourse(slug))?.hasExam) continue;
			const exam = await getExam(slug);
			const learner = await examForLearner(slug);
			expect(learner?.questions).toHaveLength(exam?.questions.length ?? -1);
			expect(JSON.stringify(learner)).not.toMatch(/"correct"|"explanation"|"review"/);
		}
	});

	it('knows nothing of missing courses and lessons', async () => {
		expect(await getCourse('no-such-course')).toBeNull();
		expect(await getLesson('no-such-course', 'x')).toBeNull();
		expect(await getExam('no-such-course')).toBeNull();
		expect(await examForLearner('no-such-course')).toBeNull();
	});
});
