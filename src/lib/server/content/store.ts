// The course index over the published versions in the database, kept in memory: load functions and the sync path
// ask it on every request. Every server process rebuilds it when the content generation changes (a publish or a
// withdrawal anywhere), looking at most once a second; the process that publishes rebuilds at once.
// Raw markdown, exam answers included, is only ever read here and in the studio, on the server.
import { getDb, type Db } from '../db/index.ts';
import { buildIndex } from './build-index.ts';
import { fileList, liveVersions, mediaUrl, readFiles, readGeneration } from './library.ts';
import { formatProblem, localeOfEnvironment } from './problem-text.ts';
import type { FileProblem } from '../../content/problems.js';
import type { ContentIndex, IndexedCourse } from './types.ts';

type Built = { db: Db; generation: number; checkedAt: number; index: ContentIndex; versionIds: Map<string, number> };

const RECHECK_MS = 1000;
let built: Built | undefined;
let problems: FileProblem[] = [];

const decoder = new TextDecoder();

async function build(database: Db, generation: number): Promise<Built> {
	const rawFiles: Record<string, string> = {};
	const mediaUrls: Record<string, string> = {};
	const versionIds = new Map<string, number>();
	for (const version of await liveVersions(database)) {
		versionIds.set(version.courseSlug, version.id);
		const dir = `/content/courses/${version.folder}/`;
		const list = await fileList(version.id, database);
		const markdown = await readFiles(
			version.id,
			list.filter((f) => f.name.endsWith('.md')).map((f) => f.name),
			database
		);
		for (const [name, bytes] of Object.entries(markdown)) rawFiles[dir + name] = decoder.decode(bytes);
		for (const f of list) if (!f.name.endsWith('.md')) mediaUrls[dir + f.name] = mediaUrl(f.sha256, f.name);
	}
	const found: FileProblem[] = [];
	const index = buildIndex(rawFiles, mediaUrls, (problem) => {
		found.push(problem);
		console.error(formatProblem(problem, localeOfEnvironment(process.env)));
	});
	problems = found;
	return { db: database, generation, checkedAt: Date.now(), index, versionIds };
}

async function current(): Promise<Built> {
	const database = getDb();
	const now = Date.now();
	if (built && built.db === database && now - built.checkedAt < RECHECK_MS) return built;
	const generation = await readGeneration(database);
	if (built && built.db === database && built.generation === generation) {
		built.checkedAt = now;
		return built;
	}
	built = await build(database, generation);
	return built;
}

/** The index of the published courses. */
export async function contentIndex(): Promise<ContentIndex> {
	return (await current()).index;
}

/** Forgets the index, so the next question rebuilds it (after this process publishes or withdraws). */
export function invalidateContentIndex(): void {
	built = undefined;
}

/** The indexed course (answer key included): for server modules only, never to return from a load. */
export async function findCourse(slug: string): Promise<IndexedCourse | undefined> {
	return (await contentIndex()).bySlug.get(slug);
}

/** The id of the live version of a course, or undefined. */
export async function liveVersionId(slug: string): Promise<number | undefined> {
	return (await current()).versionIds.get(slug);
}

/**
 * What the index had to skip, with `file` the path of the file. Empty unless a version was published unchecked
 * (publish refuses a course with problems).
 */
export async function contentProblems(): Promise<FileProblem[]> {
	await current();
	return [...problems];
}
