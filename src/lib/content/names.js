// File and folder names of courses: numbered, with the number dropped from the slug.

export const LESSON_FILE_RE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
export const COURSE_FOLDER_RE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
export const PICTURE_EXTENSIONS = ['svg', 'png', 'jpg', 'jpeg', 'webp'];
export const AUDIO_EXTENSIONS = ['mp3', 'm4a', 'ogg'];

/**
 * The slug of a numbered lesson file or course folder: '03-vaccination.md' → 'vaccination'.
 * @param {string} name
 * @returns {string | null} null when the name is not numbered the way the README asks
 */
export function slugFromFileName(name) {
	return (LESSON_FILE_RE.exec(name) ?? COURSE_FOLDER_RE.exec(name))?.[2] ?? null;
}

/**
 * The order number of a numbered lesson file or course folder: '03-vaccination.md' → 3.
 * @param {string} name
 */
export function orderFromFileName(name) {
	const match = LESSON_FILE_RE.exec(name) ?? COURSE_FOLDER_RE.exec(name);
	return match ? Number(match[1]) : null;
}

/**
 * The lowercase extension of a file name, without the dot.
 * @param {string} name
 */
export function extensionOf(name) {
	const dot = name.lastIndexOf('.');
	return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * True for a bare file name in the same folder ('hen.svg'), false for URLs, paths and absolute references.
 * @param {string} src
 */
export function isLocalFileName(src) {
	return /^[\w.-]+$/.test(src) && !src.startsWith('.');
}
