import { contentProblems, getCourse, getExam, listCourses } from '$lib/server/content';
import { requireRole } from '$lib/server/auth/guards';
import { problemsInWords } from '$lib/server/content/problem-text';
import { studioCourseList } from '$lib/server/content/studio';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	requireRole('trainer', 'admin');
	// Publishing refuses a course that fails the check; the index reports what it had to skip all the same.
	const problems = problemsInWords(await contentProblems());
	const studio = await studioCourseList();
	const onPhone = new Map(studio.map((c) => [c.slug, c.phoneBytes]));
	const courses = await Promise.all(
		(await listCourses()).map(async (summary) => {
			const course = (await getCourse(summary.slug))!;
			return {
				slug: course.slug,
				title: course.title,
				lessons: course.lessons.length,
				practice: course.lessons.reduce((sum, l) => sum + l.practiceCount, 0),
				exam: (await getExam(course.slug))?.questions.length ?? 0,
				// Pages, pictures and recordings: what saving the course takes on a phone.
				sizeBytes: onPhone.get(course.slug) ?? course.sizeBytes,
				version: course.version,
				problems: problems.filter((p) => p.file.includes(`/${String(course.order).padStart(2, '0')}-${course.slug}/`))
			};
		})
	);
	return { courses, problems, studio };
};
