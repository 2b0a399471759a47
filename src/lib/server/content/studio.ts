// What the studio shows of a course, and the changes to a draft's lessons and files that it offers.
import { parseFrontMatter } from '../../content/format.js';
import { LESSON_FILE_RE, AUDIO_EXTENSIONS, PICTURE_EXTENSIONS, extensionOf } from '../../content/names.js';
import { mp3Frame } from './audio-files.ts';
import { changeDraft, hasFile, putFile, removeFile, renameFile, type DraftResult } from './drafts.ts';
import { isMarkdown } from './folder-files.ts';
import type { FileProblem } from '../../content/problems.js';
import { allVersions, fileList, readFiles, versionsOf, type CourseVersionRow } from './library.ts';
import { checkCourseFiles, COURSE_PHONE_BUDGET_BYTES, phoneBytes } from './publish.ts';

export type StudioFile = {
	name: string;
	kind: 'course' | 'lesson' | 'exam' | 'picture' | 'audio' | 'other';
	size: number;
	/** A lesson's title (from its front matter). */
	title?: string;
	/** A recording's length in seconds, from its bitrate. */
	seconds?: number;
};

export type StudioCourse = {
	slug: string;
	title: string;
	live: { number: number; publishedAt: Date | null } | null;
	draft: { id: number; number: number; revision: number; updatedAt: Date; files: StudioFile[] } | null;
	versions: { id: number; number: number; status: CourseVersionRow['status']; publishedAt: Date | null }[];
	problems: FileProblem[];
	phoneBytes: number;
	budgetBytes: number;
	/** The draft differs from the live version. */
	changed: boolean;
};

const decoder = new TextDecoder();

function kindOf(name: string): StudioFile['kind'] {
	if (name === 'course.md') return 'course';
	if (name === 'exam.md') return 'exam';
	if (LESSON_FILE_RE.test(name)) return 'lesson';
	const ext = extensionOf(name);
	return PICTURE_EXTENSIONS.includes(ext) ? 'picture' : AUDIO_EXTENSIONS.includes(ext) ? 'audio' : 'other';
}

/** The files of a version as the studio lists them, with lesson titles and recording lengths. */
async function describeFiles(versionId: number): Promise<StudioFile[]> {
	const list = await fileList(versionId);
	const wanted = list.filter((f) => LESSON_FILE_RE.test(f.name) || f.name.endsWith('.mp3')).map((f) => f.name);
	const bytes = await readFiles(versionId, wanted);
	return list.map(({ name, size }) => {
		const file: StudioFile = { name, kind: kindOf(name), size };
		if (file.kind === 'lesson') {
			const title = parseFrontMatter(decoder.decode(bytes[name])).data?.title;
			if (typeof title === 'string') file.title = title;
		}
		const frame = name.endsWith('.mp3') ? mp3Frame(bytes[name]) : null;
		if (frame) file.seconds = Math.round((size * 8) / (frame.bitrateKbps * 1000));
		return file;
	});
}

const courseTitle = async (versionId: number, fallback: string) => {
	const source = (await readFiles(versionId, ['course.md']))['course.md'];
	const title = source && parseFrontMatter(decoder.decode(source)).data?.title;
	return typeof title === 'string' && title ? title : fallback;
};

/** The studio's view of a course, or null when there is no such course. */
/** A version's files by name and content: two versions with the same signature hold the same course. */
const signatureOf = async (id: number) => (await fileList(id)).map((f) => `${f.name}:${f.sha256}`).join('|');

// A draft's check depends only on its folder's name and its files' bytes: it is kept by those (their hashes), so
// the course list and the course page check each state of a draft once (rendering every page takes 12–20 ms
// each), and a change to any file is a new key. The oldest results go first.
const checked = new Map<string, Promise<FileProblem[]>>();
const CHECKS_KEPT = 100;

/** The checker's problems of a draft (or any version), as publishing would find them. */
export async function checkVersion(version: CourseVersionRow): Promise<FileProblem[]> {
	const key = `${version.folder}|${await signatureOf(version.id)}`;
	let result = checked.get(key);
	if (!result) {
		result = checkCourseFiles(version.folder, await readFiles(version.id));
		checked.set(key, result);
		result.catch(() => checked.delete(key));
		if (checked.size > CHECKS_KEPT) checked.delete(checked.keys().next().value!);
	}
	return result;
}

export async function studioCourse(courseSlug: string): Promise<StudioCourse | null> {
	const versions = await versionsOf(courseSlug);
	if (versions.length === 0) return null;
	const live = versions.find((v) => v.status === 'published') ?? null;
	const draft = versions.find((v) => v.status === 'draft') ?? null;
	const shown = draft ?? live ?? versions[0];
	const sizes = await fileList(shown.id);
	const problems = draft ? await checkVersion(draft) : [];
	return {
		slug: courseSlug,
		title: await courseTitle(shown.id, courseSlug),
		live: live && { number: live.number, publishedAt: live.publishedAt },
		draft: draft && {
			id: draft.id,
			number: draft.number,
			revision: draft.revision,
			updatedAt: draft.updatedAt,
			files: await describeFiles(draft.id)
		},
		versions: versions
			.filter((v) => v.status !== 'draft')
			.map((v) => ({ id: v.id, number: v.number, status: v.status, publishedAt: v.publishedAt })),
		problems,
		phoneBytes: phoneBytes(sizes),
		budgetBytes: COURSE_PHONE_BUDGET_BYTES,
		changed: !!draft && (!live || (await signatureOf(draft.id)) !== (await signatureOf(live.id)))
	};
}

/** The first lines of a new lesson: a title for the trainer to replace, and a sentence. */
// Quoted as JSON, which YAML reads as a quoted text: a title with a colon or a # stays a title.
export const lessonTemplate = (title: string) =>
	`---\ntitle: ${JSON.stringify(title)}\nminutes: 10\n---\n\n在这里写这一课的内容。\n`;

/** Adds a lesson after the last one, named `<next number>-<slug>.md`. */
export async function addLesson(
	versionId: number,
	revision: number,
	actorId: number,
	slug: string,
	title: string
): Promise<DraftResult> {
	return await changeDraft(versionId, revision, actorId, async (tx) => {
		const numbers = (await fileList(versionId, tx))
			.map((f) => LESSON_FILE_RE.exec(f.name))
			.filter((m) => m !== null)
			.map((m) => Number(m[1]));
		const name = `${String(Math.max(0, ...numbers) + 1).padStart(2, '0')}-${slug}.md`;
		if (!LESSON_FILE_RE.test(name)) return 'bad_name';
		if ((await fileList(versionId, tx)).some((f) => LESSON_FILE_RE.exec(f.name)?.[2] === slug)) return 'exists';
		await putFile(tx, versionId, name, new TextEncoder().encode(lessonTemplate(title.replace(/[\r\n]/g, ' ').trim())));
	});
}

/** Moves a lesson one place up or down: the two lessons swap numbers. */
export async function moveLesson(
	versionId: number,
	revision: number,
	actorId: number,
	name: string,
	by: -1 | 1
): Promise<DraftResult> {
	return await changeDraft(versionId, revision, actorId, async (tx) => {
		const lessons = (await fileList(versionId, tx))
			.map((f) => f.name)
			.filter((n) => LESSON_FILE_RE.test(n))
			.sort();
		const at = lessons.indexOf(name);
		const other = lessons[at + by];
		if (at < 0 || !other) return 'missing';
		const numberOf = (n: string) => (LESSON_FILE_RE.exec(n) as RegExpExecArray)[1];
		const withNumber = (n: string, number: string) => n.replace(/^\d{2}/, number);
		await renameFile(tx, versionId, name, `~${name}`);
		await renameFile(tx, versionId, other, withNumber(other, numberOf(name)));
		await renameFile(tx, versionId, `~${name}`, withNumber(name, numberOf(other)));
	});
}

/** Gives a lesson another slug (its number stays). */
export async function renameLesson(
	versionId: number,
	revision: number,
	actorId: number,
	name: string,
	slug: string
): Promise<DraftResult> {
	return await changeDraft(versionId, revision, actorId, async (tx) => {
		const to = name.replace(/^(\d{2})-.*$/, `$1-${slug}.md`);
		if (!LESSON_FILE_RE.test(name) || !LESSON_FILE_RE.test(to)) return 'bad_name';
		if (!(await hasFile(tx, versionId, name))) return 'missing';
		if (await hasFile(tx, versionId, to)) return 'exists';
		await renameFile(tx, versionId, name, to);
	});
}

/** Removes a file of the draft (a lesson, the exam, a picture or a recording; never course.md). */
export async function deleteFile(
	versionId: number,
	revision: number,
	actorId: number,
	name: string
): Promise<DraftResult> {
	return await changeDraft(versionId, revision, actorId, async (tx) => {
		if (name === 'course.md' || !(await hasFile(tx, versionId, name))) return 'missing';
		await removeFile(tx, versionId, name);
	});
}

/** Largest file the studio takes: a recording's limit is the checker's (600 KB); a picture's original may be bigger. */
export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
const UPLOAD_NAME = /^[a-z0-9][a-z0-9._-]{0,80}$/;

/**
 * Writes a text file (markdown) or adds a picture or recording to the draft.
 * @param original the picture as uploaded, when `bytes` is what was made of it for phones (pictures.ts)
 */
export async function writeFile(
	versionId: number,
	revision: number,
	actorId: number,
	name: string,
	bytes: Uint8Array,
	original?: Uint8Array
): Promise<DraftResult> {
	return await changeDraft(versionId, revision, actorId, async (tx) => {
		const markdown = isMarkdown(name);
		const kind = kindOf(name);
		if (!UPLOAD_NAME.test(name) || (!markdown && kind === 'other')) return 'bad_name';
		if (markdown && kind !== 'course' && kind !== 'exam' && kind !== 'lesson') return 'bad_name';
		if (bytes.byteLength > UPLOAD_MAX_BYTES) return 'too_big';
		await putFile(tx, versionId, name, bytes, original);
	});
}

export type StudioListEntry = {
	slug: string;
	title: string;
	/** draft: never published; published; changed: published, with a draft that differs; withdrawn. */
	status: 'draft' | 'published' | 'changed' | 'withdrawn';
	liveNumber: number | null;
	/** What saving the live version (else the newest) takes on a phone. */
	phoneBytes: number;
	/** How many problems the checker finds in the draft; null without a draft. */
	draftProblems: number | null;
};

/** Every course the studio knows, published or not, in catalogue order. */
export async function studioCourseList(): Promise<StudioListEntry[]> {
	const bySlug = new Map<string, CourseVersionRow[]>();
	for (const v of await allVersions()) bySlug.set(v.courseSlug, [...(bySlug.get(v.courseSlug) ?? []), v]);
	return Promise.all(
		[...bySlug].map(async ([slug, versions]) => {
			const live = versions.find((v) => v.status === 'published');
			const draft = versions.find((v) => v.status === 'draft');
			const status = live
				? draft && (await signatureOf(draft.id)) !== (await signatureOf(live.id))
					? 'changed'
					: 'published'
				: draft && !versions.some((v) => v.status === 'withdrawn')
					? 'draft'
					: 'withdrawn';
			return {
				slug,
				title: await courseTitle((draft ?? live ?? versions[0]).id, slug),
				status,
				liveNumber: live?.number ?? null,
				phoneBytes: phoneBytes(await fileList((live ?? versions[0]).id)),
				draftProblems: draft ? (await checkVersion(draft)).length : null
			} satisfies StudioListEntry;
		})
	);
}

/** A new course's first files: course.md, one lesson and a plain cover, for the trainer to fill in. */
export function newCourseFiles(title: string, category: string): Record<string, Uint8Array> {
	const encode = (s: string) => new TextEncoder().encode(s);
	const course = [
		'---',
		`title: ${JSON.stringify(title)}`,
		'summary: 用一两句话说这门课教什么。',
		`category: ${category}`,
		'language: zh-CN',
		'level: beginner',
		'minutes: 30',
		'cover: cover.svg',
		'passMark: 60',
		'---',
		'',
		'在这里介绍这门课：学了能做什么，适合谁学。',
		'',
		'<!-- 资料来源',
		'- 写下课里讲的事实是从哪里来的（书名、单位、年份）',
		'-->',
		''
	].join('\n');
	const cover =
		'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180" width="320" height="180">' +
		'<rect width="320" height="180" fill="#e8f3e8"/><circle cx="160" cy="90" r="50" fill="#3d8b3d"/></svg>\n';
	return {
		'course.md': encode(course),
		'01-first-lesson.md': encode(lessonTemplate('第一课')),
		'cover.svg': encode(cover)
	};
}
