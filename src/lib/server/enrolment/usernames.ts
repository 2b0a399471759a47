import { randomInt } from 'node:crypto';
import type { Executor } from '../db/index.ts';
import { users } from '../db/schema.ts';
import { inList } from '../db/dialect.ts';

/**
 * `count` distinct 8-digit usernames that no account has yet. Random rather than sequential so a username says
 * nothing about how many people enrolled; the first digit is never 0, so Excel does not drop it.
 * Call inside the transaction that inserts them, so the check still holds at insert time.
 */
export async function generateUsernames(database: Executor, count: number): Promise<string[]> {
	const chosen = new Set<string>();
	while (chosen.size < count) {
		const candidates = new Set<string>();
		while (candidates.size < count - chosen.size) {
			const candidate = String(randomInt(10_000_000, 100_000_000));
			if (!chosen.has(candidate)) candidates.add(candidate);
		}
		const taken = new Set(
			(await database.select({ username: users.username }).from(users).where(inList(users.username, candidates))).map(
				(r) => r.username
			)
		);
		for (const c of candidates) if (!taken.has(c)) chosen.add(c);
	}
	return [...chosen];
}
