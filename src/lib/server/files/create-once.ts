import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/**
 * The content of the file at `path`, made from `make()` if there is none yet. Several server processes start
 * together (npm start runs one per core), and each may find the file missing: the new content is written in full
 * to a file of its own and then linked to `path`, which fails if `path` exists. So exactly one process's content
 * becomes the file, every process returns that one, and no process ever reads a half-written file.
 */
export function readOrCreateFile(path: string, make: () => string, mode = 0o600): { text: string; created: boolean } {
	try {
		return { text: readFileSync(path, 'utf8'), created: false };
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	mkdirSync(dirname(path), { recursive: true });
	const text = make();
	const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		writeFileSync(temp, text, { mode, flag: 'wx' });
		const fd = openSync(temp, 'r');
		try {
			fsyncSync(fd); // on disk before it has its name: a crash leaves no empty key file behind
		} finally {
			closeSync(fd);
		}
		try {
			linkSync(temp, path);
			return { text, created: true };
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			return { text: readFileSync(path, 'utf8'), created: false };
		}
	} finally {
		rmSync(temp, { force: true });
	}
}
