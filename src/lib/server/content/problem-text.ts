// The words of the checker's problems (src/lib/content/problems.js) in a language: the studio shows them in the
// page's language, `npm run content:check` in the terminal's. Relative imports: the command line runs under tsx,
// which knows no $lib.
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';
import type { CheckerCode, FileProblem, Problem, ProblemParams } from '../../content/problems.js';

type Message = (inputs: ProblemParams, options: { locale?: Locale }) => string;

// Explicit (not m[`checker_${code}`]): a code without words is a type error, and so is a message that is gone.
const TEXT: Record<CheckerCode, (inputs: never, options: { locale?: Locale }) => string> = {
	front_matter_unclosed: m.checker_front_matter_unclosed,
	front_matter_yaml: m.checker_front_matter_yaml,
	front_matter_reference: m.checker_front_matter_reference,
	front_matter_not_mapping: m.checker_front_matter_not_mapping,
	front_matter_missing: m.checker_front_matter_missing,
	field_missing: m.checker_field_missing,
	field_unknown: m.checker_field_unknown,
	field_invalid: m.checker_field_invalid,
	field_not_text: m.checker_field_not_text,
	field_not_category: m.checker_field_not_category,
	field_not_language: m.checker_field_not_language,
	field_not_level: m.checker_field_not_level,
	field_not_positive: m.checker_field_not_positive,
	field_not_picture: m.checker_field_not_picture,
	field_not_pass_mark: m.checker_field_not_pass_mark,
	field_not_attempts: m.checker_field_not_attempts,
	field_not_boolean: m.checker_field_not_boolean,
	field_not_narration: m.checker_field_not_narration,
	field_not_audio: m.checker_field_not_audio,
	quiz_unclosed: m.checker_quiz_unclosed,
	quiz_empty: m.checker_quiz_empty,
	question_no_type: m.checker_question_no_type,
	question_no_text: m.checker_question_no_text,
	question_no_explanation: m.checker_question_no_explanation,
	question_two_explanations: m.checker_question_two_explanations,
	question_no_right_answer: m.checker_question_no_right_answer,
	question_option_count: m.checker_question_option_count,
	question_two_pictures: m.checker_question_two_pictures,
	question_picture_misplaced: m.checker_question_picture_misplaced,
	quiz_picture_no_alt: m.checker_quiz_picture_no_alt,
	option_after_explanation: m.checker_option_after_explanation,
	option_no_text: m.checker_option_no_text,
	single_many_right: m.checker_single_many_right,
	truefalse_many_right: m.checker_truefalse_many_right,
	truefalse_options: m.checker_truefalse_options,
	review_outside_exam: m.checker_review_outside_exam,
	review_not_lesson_file: m.checker_review_not_lesson_file,
	exam_question_no_review: m.checker_exam_question_no_review,
	markup_braces: m.checker_markup_braces,
	markup_script: m.checker_markup_script,
	markup_style: m.checker_markup_style,
	markup_tag: m.checker_markup_tag,
	markup_handler: m.checker_markup_handler,
	markup_setting: m.checker_markup_setting,
	markup_setting_none: m.checker_markup_setting_none,
	markup_link: m.checker_markup_link,
	markup_reference: m.checker_markup_reference,
	folder_not_found: m.checker_folder_not_found,
	folder_name: m.checker_folder_name,
	course_file_missing: m.checker_course_file_missing,
	course_no_lessons: m.checker_course_no_lessons,
	course_slug_taken: m.checker_course_slug_taken,
	sources_missing: m.checker_sources_missing,
	lesson_file_name: m.checker_lesson_file_name,
	lesson_no_text: m.checker_lesson_no_text,
	lesson_slug_taken: m.checker_lesson_slug_taken,
	lesson_number_taken: m.checker_lesson_number_taken,
	exam_too_short: m.checker_exam_too_short,
	draw_too_many: m.checker_draw_too_many,
	draw_too_few: m.checker_draw_too_few,
	review_unknown_lesson: m.checker_review_unknown_lesson,
	picture_no_src: m.checker_picture_no_src,
	picture_not_file_name: m.checker_picture_not_file_name,
	picture_wrong_type: m.checker_picture_wrong_type,
	picture_not_found: m.checker_picture_not_found,
	picture_no_alt: m.checker_picture_no_alt,
	audio_no_src: m.checker_audio_no_src,
	audio_not_file_name: m.checker_audio_not_file_name,
	audio_wrong_type: m.checker_audio_wrong_type,
	audio_not_found: m.checker_audio_not_found,
	narration_not_mp3: m.checker_narration_not_mp3,
	audio_not_mp3: m.checker_audio_not_mp3,
	audio_too_big: m.checker_audio_too_big,
	link_no_lesson: m.checker_link_no_lesson,
	block_unclosed: m.checker_block_unclosed,
	block_unclosed_unknown: m.checker_block_unclosed_unknown,
	closing_tag_stray: m.checker_closing_tag_stray,
	cannot_show: m.checker_cannot_show
};

/**
 * A problem in words, its params filled in.
 * @param locale the request's language (paraglide's current locale) when left out
 */
export function problemText(problem: Problem, locale?: Locale): string {
	return (TEXT[problem.code] as Message)(problem.params ?? {}, { locale });
}

/** One problem the way editors and terminals link it: `path:line: words`. */
export const formatProblem = (problem: FileProblem, locale?: Locale): string =>
	`${problem.file}:${problem.line}: ${problemText(problem, locale)}`;

/** What a page shows of each problem: where it is, and its words. */
export const problemsInWords = (problems: FileProblem[], locale?: Locale) =>
	problems.map((problem) => ({ file: problem.file, line: problem.line, text: problemText(problem, locale) }));

/**
 * The language of a terminal: Chinese when its locale (LC_ALL, else LC_MESSAGES, else LANG, as POSIX reads them)
 * starts with `zh`, English otherwise.
 */
export function localeOfEnvironment(env: Record<string, string | undefined>): Locale {
	const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
	return /^zh/i.test(posix) ? 'zh-CN' : 'en';
}
