// The checker's problems as data: a stable code, the values its message names, and the line. The words live in
// the message catalogue (src/lib/i18n/messages/checker/) and are chosen where a problem is shown
// (src/lib/server/content/problem-text.ts): in the studio in the page's language, on the command line in the
// terminal's. Plain JavaScript with JSDoc, like the format modules that make these problems.

/** Every problem the checker reports; the catalogue's key for each is `checker_<code>`. */
export const CHECKER_CODES = /** @type {const} */ ([
	// front matter (format.js)
	'front_matter_unclosed',
	'front_matter_yaml',
	'front_matter_reference',
	'front_matter_not_mapping',
	'front_matter_missing',
	'field_missing',
	'field_unknown',
	'field_invalid',
	'field_not_text',
	'field_not_category',
	'field_not_language',
	'field_not_level',
	'field_not_positive',
	'field_not_picture',
	'field_not_pass_mark',
	'field_not_attempts',
	'field_not_boolean',
	'field_not_narration',
	'field_not_audio',
	// quiz blocks (quiz.js)
	'quiz_unclosed',
	'quiz_empty',
	'question_no_type',
	'question_no_text',
	'question_no_explanation',
	'question_two_explanations',
	'question_no_right_answer',
	'question_option_count',
	'question_two_pictures',
	'question_picture_misplaced',
	'quiz_picture_no_alt',
	'option_after_explanation',
	'option_no_text',
	'single_many_right',
	'truefalse_many_right',
	'truefalse_options',
	'review_outside_exam',
	'review_not_lesson_file',
	'exam_question_no_review',
	// markup (markup.js)
	'markup_braces',
	'markup_script',
	'markup_style',
	'markup_tag',
	'markup_handler',
	'markup_setting',
	'markup_setting_none',
	'markup_link',
	'markup_reference',
	// the course folder (folder.ts, exam-file.ts, check.ts)
	'folder_not_found',
	'folder_name',
	'course_file_missing',
	'course_no_lessons',
	'course_slug_taken',
	'sources_missing',
	'lesson_file_name',
	'lesson_no_text',
	'lesson_slug_taken',
	'lesson_number_taken',
	'exam_too_short',
	'draw_too_many',
	'draw_too_few',
	'review_unknown_lesson',
	// pictures, recordings and links (references.ts, audio-files.ts)
	'picture_no_src',
	'picture_not_file_name',
	'picture_wrong_type',
	'picture_not_found',
	'picture_no_alt',
	'audio_no_src',
	'audio_not_file_name',
	'audio_wrong_type',
	'audio_not_found',
	'narration_not_mp3',
	'audio_not_mp3',
	'audio_too_big',
	'link_no_lesson',
	// what only compiling or rendering the file shows (compile-check.ts, publish.ts, preview.ts)
	'block_unclosed',
	'block_unclosed_unknown',
	'closing_tag_stray',
	'cannot_show'
]);

/** @typedef {(typeof CHECKER_CODES)[number]} CheckerCode */
/** @typedef {Record<string, string | number>} ProblemParams */
/**
 * One thing wrong in a course file: `line` is 1-based in the file, `params` fill the placeholders of the code's
 * message (none for a message without any).
 * @typedef {{ line: number, code: CheckerCode, params?: ProblemParams }} Problem
 */
/**
 * A problem with the file it is in (relative to the course folder, or a path from the repository root).
 * @typedef {Problem & { file: string }} FileProblem
 */
/** What is wrong, before it is placed on a line. @typedef {Omit<Problem, 'line'>} ProblemBody */
