// One course folder, parsed and checked without touching the disk: the index (over Vite's glob) and the checker
// (over node:fs) both call this, so the build fails on exactly what the app would have to skip.
// Relative imports: the command-line checker runs under tsx, which knows no $lib.
import {
	COURSE_FOLDER_RE,
	LESSON_FILE_RE,
	courseMetaSchema,
	lessonMetaSchema,
	parseFrontMatter,
	parseQuizBlocks,
	validateMeta
} from '../../content/format.js';
import { hasText, markupProblems } from '../../content/markup.js';
import type { CourseMeta, LessonMeta, Question } from '../../content/format.js';
import type { FileProblem, Problem } from '../../content/problems.js';
import { parseExam } from './exam-file.ts';
import type { ParsedExam } from './exam-file.ts';
import { mediaProblem, referenceProblems } from './references.ts';

export type ParsedLesson = { file: string; slug: string; order: number; meta: LessonMeta; questions: Question[] };
export type { ParsedExam };
export type ParsedCourse = {
	folder: string;
	slug: string;
	order: number;
	meta: CourseMeta;
	lessons: ParsedLesson[];
	exam: ParsedExam | null;
};

const SOURCES_RE = /<!--\s*资料来源/;

/**
 * Parses a course folder. `course` is null when course.md cannot be used; broken lessons and a broken exam are
 * left out of it. Every problem is reported, with `file` relative to the folder.
 * @param files markdown file name → raw text
 * @param mediaNames names of the other files in the folder
 */
export function parseCourseFolder(
	folder: string,
	files: Record<string, string>,
	mediaNames: Iterable<string>
): { course: ParsedCourse | null; problems: FileProblem[] } {
	const problems: FileProblem[] = [];
	const media = new Set(mediaNames);
	const report = (file: string, list: Problem[]) => problems.push(...list.map((p) => ({ file, ...p })));
	const names = Object.keys(files).sort();
	const lessonFiles = names.filter((name) => LESSON_FILE_RE.test(name));

	const checkBody = (file: string, body: string, bodyStartLine: number, questions: Question[]) =>
		report(file, [
			...referenceProblems(body, bodyStartLine, questions, media, lessonFiles),
			...markupProblems(body, bodyStartLine)
		]);

	const folderMatch = COURSE_FOLDER_RE.exec(folder);
	if (!folderMatch) {
		report('course.md', [{ line: 1, code: 'folder_name' }]);
	}

	let meta: CourseMeta | null = null;
	if (files['course.md'] === undefined) {
		report('course.md', [{ line: 1, code: 'course_file_missing' }]);
	} else {
		const source = files['course.md'];
		const frontMatter = parseFrontMatter(source);
		const result = validateMeta(courseMetaSchema, frontMatter);
		report('course.md', result.problems);
		meta = result.meta;
		const coverProblem = meta && mediaProblem(meta.cover, 'picture', media);
		if (coverProblem) report('course.md', [{ line: frontMatter.keyLines.cover ?? 1, ...coverProblem }]);
		checkBody('course.md', frontMatter.body, frontMatter.bodyStartLine, []);
		if (!SOURCES_RE.test(source)) {
			const lastLine = source.trimEnd().split(/\r?\n/).length;
			report('course.md', [{ line: lastLine, code: 'sources_missing' }]);
		}
	}

	const lessons: ParsedLesson[] = [];
	const seen = new Map<string, string>();
	for (const file of names) {
		if (file === 'course.md' || file === 'exam.md') continue;
		const name = LESSON_FILE_RE.exec(file);
		if (!name) {
			report(file, [{ line: 1, code: 'lesson_file_name' }]);
			continue;
		}
		const frontMatter = parseFrontMatter(files[file]);
		const result = validateMeta(lessonMetaSchema, frontMatter);
		const quiz = parseQuizBlocks(frontMatter.body, { bodyStartLine: frontMatter.bodyStartLine });
		report(
			file,
			[...result.problems, ...quiz.problems].sort((a, b) => a.line - b.line)
		);
		const audioProblem = result.meta?.audio && mediaProblem(result.meta.audio, 'audio', media);
		if (audioProblem) report(file, [{ line: frontMatter.keyLines.audio ?? 1, ...audioProblem }]);
		checkBody(file, frontMatter.body, frontMatter.bodyStartLine, quiz.questions);
		if (!hasText(frontMatter.body)) {
			report(file, [{ line: 1, code: 'lesson_no_text' }]);
		}
		let duplicate = false;
		for (const [key, what] of [[name[2], 'slug'] as const, [name[1], 'number'] as const]) {
			const other = seen.get(`${what}:${key}`);
			const code = what === 'slug' ? 'lesson_slug_taken' : 'lesson_number_taken';
			if (other) report(file, [{ line: 1, code, params: { [what]: key, other } }]);
			else seen.set(`${what}:${key}`, file);
			duplicate ||= !!other;
		}
		if (result.meta && quiz.problems.length === 0 && !duplicate) {
			lessons.push({ file, slug: name[2], order: Number(name[1]), meta: result.meta, questions: quiz.questions });
		}
	}
	if (lessonFiles.length === 0) report('course.md', [{ line: 1, code: 'course_no_lessons' }]);

	const exam = files['exam.md'] === undefined ? null : parseExam(files['exam.md'], lessonFiles, report, checkBody);
	const course =
		meta && folderMatch ? { folder, slug: folderMatch[2], order: Number(folderMatch[1]), meta, lessons, exam } : null;
	return { course, problems };
}
