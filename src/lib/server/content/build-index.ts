// The course index as a pure function of file texts and media URLs, so tests can feed it fixtures
// while index.ts feeds it Vite's globs.
import type { Picture, Question } from '../../content/format.js';
import type { FileProblem } from '../../content/problems.js';
import { parseCourseFolder } from './folder.ts';
import type { ContentIndex, IndexedCourse } from './types.ts';
import { courseVersion } from './version.ts';

type Folder = { markdown: Record<string, string>; media: Record<string, string> };

const split = (path: string) => {
	const slash = path.lastIndexOf('/');
	const dir = path.slice(0, slash);
	return { dir, folder: dir.slice(dir.lastIndexOf('/') + 1), name: path.slice(slash + 1) };
};

/**
 * Indexes course folders. Broken files are skipped (and reported through onProblem, with `file` the path of the
 * file): publishing runs the checker first, so in production nothing is skipped.
 * @param rawFiles path ('/content/courses/01-x/02-feed.md') → raw text
 * @param mediaUrls path ('/content/courses/01-x/cover.svg') → URL
 */
export function buildIndex(
	rawFiles: Record<string, string>,
	mediaUrls: Record<string, string>,
	onProblem: (problem: FileProblem) => void = () => {}
): ContentIndex {
	const folders = new Map<string, Folder>();
	const folderOf = (dir: string) => {
		if (!folders.has(dir)) folders.set(dir, { markdown: {}, media: {} });
		return folders.get(dir) as Folder;
	};
	for (const [path, raw] of Object.entries(rawFiles)) folderOf(split(path).dir).markdown[split(path).name] = raw;
	for (const [path, url] of Object.entries(mediaUrls)) folderOf(split(path).dir).media[split(path).name] = url;

	const courses: IndexedCourse[] = [];
	const bySlug = new Map<string, IndexedCourse>();
	const folderOfSlug = new Map<string, string>();
	for (const [dir, { markdown, media }] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
		const { course, problems } = parseCourseFolder(dir.slice(dir.lastIndexOf('/') + 1), markdown, Object.keys(media));
		for (const p of problems) onProblem({ ...p, file: `${dir}/${p.file}` });
		if (!course) continue;
		const other = folderOfSlug.get(course.slug);
		if (other) {
			// The folder is skipped: the first one with the slug keeps it.
			onProblem({ file: `${dir}/course.md`, line: 1, code: 'course_slug_taken', params: { slug: course.slug, other } });
			continue;
		}
		folderOfSlug.set(course.slug, course.folder);
		const url = (name: string | undefined) => (name ? media[name] : undefined);
		const picture = (image: Picture | undefined) => image && { src: url(image.src) ?? image.src, alt: image.alt };
		const withUrls = (q: Question): Question => ({
			id: q.id,
			type: q.type,
			text: q.text,
			...(q.image ? { image: picture(q.image) } : {}),
			options: q.options.map((o) => ({
				id: o.id,
				text: o.text,
				...(o.image ? { image: picture(o.image) } : {}),
				correct: o.correct
			})),
			explanation: q.explanation,
			...(q.review ? { review: q.review } : {}),
			line: q.line
		});
		const { meta } = course;
		const lessons = course.lessons.map((lesson) => ({
			slug: lesson.slug,
			file: lesson.file,
			order: lesson.order,
			title: lesson.meta.title,
			minutes: lesson.meta.minutes,
			...(url(lesson.meta.audio) ? { audioUrl: url(lesson.meta.audio) } : {}),
			practiceCount: lesson.questions.length
		}));
		const entry: IndexedCourse = {
			slug: course.slug,
			order: course.order,
			title: meta.title,
			summary: meta.summary,
			category: meta.category,
			level: meta.level,
			language: meta.language,
			minutes: meta.minutes,
			coverUrl: url(meta.cover) ?? null,
			lessonCount: lessons.length,
			version: courseVersion(markdown, media),
			lessons,
			passMark: meta.passMark,
			examAttemptsPerDay: meta.examAttemptsPerDay,
			requireAllLessons: meta.requireAllLessons,
			narration: meta.narration,
			sizeBytes: Object.values(markdown).reduce((sum, raw) => sum + Buffer.byteLength(raw, 'utf8'), 0),
			hasExam: course.exam !== null,
			exam: course.exam && {
				title: course.exam.meta.title ?? null,
				draw: course.exam.meta.draw ?? null,
				questions: course.exam.questions.map(withUrls)
			}
		};
		courses.push(entry);
		bySlug.set(entry.slug, entry);
	}
	courses.sort((a, b) => a.order - b.order || (a.slug < b.slug ? -1 : 1));
	return { courses, bySlug };
}
