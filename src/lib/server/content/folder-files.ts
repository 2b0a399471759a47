// A course folder's files as the parser and the index want them: markdown as text, media as URLs.
import type { Executor } from '../db/index.ts';
import { fileList, mediaUrl, type FolderFiles } from './library.ts';

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Whether a file of a course is markdown (read by the server, never served as a file). */
export const isMarkdown = (name: string) => name.toLowerCase().endsWith('.md');

/** The markdown files of a folder as text, by name. */
export function courseMarkdown(files: FolderFiles): Record<string, string> {
	return Object.fromEntries(
		Object.entries(files)
			.filter(([name]) => isMarkdown(name))
			.map(([name, bytes]) => [name, decoder.decode(bytes)])
	);
}

/** The URLs of a stored version's media (every file but markdown), by name. */
export async function folderMediaUrls(target: Executor, versionId: number): Promise<Record<string, string>> {
	return Object.fromEntries(
		(await fileList(versionId, target))
			.filter((f) => !isMarkdown(f.name))
			.map((f) => [f.name, mediaUrl(f.sha256, f.name)])
	);
}
