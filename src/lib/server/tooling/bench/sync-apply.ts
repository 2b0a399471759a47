// The sync write path in-process, without HTTP: batches as a phone sends them (lessons, practice answers, one exam
// attempt) straight through applyEvents on a fresh SQLite file, so the figure is the database work alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEventId } from '../../../sync/event-id.ts';
import { getCourse } from '../../content/index.ts';
import { importShippedCourses } from '../../content/shipped.ts';
import { closeDb, migrateDatabase, openDatabase, setDb } from '../../db/index.ts';
import { townships, users } from '../../db/schema.ts';
import { applyEvents } from '../../sync/apply.ts';
import { seedDemo } from '../seed/seed.ts';
import { takeExam, wrongOption } from '../seed/ticketed-attempt.ts';
import { first as firstRow } from '../../db/dialect.ts';
import { countyOfTownship } from '../../db/county.ts';

const ORIGIN = 'https://learn.example.cn';
const COURSE = 'raising-chickens';

/** One learner's batch: every lesson of the course, practice answers up to `size - 1`, then one exam attempt. */
async function makeBatch(userId: number, size: number, now: Date): Promise<Record<string, unknown>[]> {
	const course = (await getCourse(COURSE))!;
	const at = (minutesAgo: number, n: number) => new Date(now.getTime() - minutesAgo * 60_000 + n * 1000).toISOString();
	const base = { userId, courseSlug: COURSE, contentVersion: course.version };
	const lessons = course.lessons.map((l, i) => ({
		...base,
		id: newEventId(),
		kind: 'lesson_completed',
		lessonSlug: l.slug,
		clientAt: at(40, i)
	}));
	const practice = Array.from({ length: size - 1 - lessons.length }, (_, i) => ({
		...base,
		id: newEventId(),
		kind: 'practice_answer',
		lessonSlug: course.lessons[i % course.lessons.length].slug,
		clientAt: at(30, i),
		payload: { questionId: `q${i % 5}`, chosen: ['a'], correct: i % 3 !== 0 }
	}));
	// A failed attempt: a pass would sign a certificate every batch, which phones do once per course.
	const exam = await takeExam(userId, COURSE, wrongOption, new Date(now.getTime() - 10 * 60_000));
	if (!exam) throw new Error('no exam ticket for the bench learner');
	return [...lessons, ...practice, { ...exam.event, id: newEventId(), clientAt: at(1, 0) }];
}

/**
 * Applies `batches` batches of `size` events, each of its own learner, then sends them all again (every event a
 * resend). Prints events per second of wall time and per CPU-second, and the rows the resends changed (0 expected).
 */
export async function benchSyncApply(batches = 400, size = 50): Promise<Record<string, unknown>> {
	const dir = mkdtempSync(join(tmpdir(), 'zhizhi-bench-sync-'));
	const previousKey = process.env.ISSUER_KEY_PATH;
	process.env.ISSUER_KEY_PATH = join(dir, 'issuer-key.json');
	try {
		const db = openDatabase(join(dir, 'bench.db'));
		await migrateDatabase(db);
		await importShippedCourses(db);
		await setDb(db);
		await seedDemo(db);
		const township = (await firstRow(db.select({ id: townships.id }).from(townships).limit(1)))!;
		const now = new Date();
		const created = new Date(now.getTime() - 7 * 24 * 3600_000);
		const learners = await db
			.insert(users)
			.values(
				Array.from({ length: batches }, (_, i) => ({
					role: 'learner' as const,
					name: `测试学员${i}`,
					username: `bench-sync-${i}`,
					townshipId: township.id,
					countyId: countyOfTownship(township.id),
					createdAt: created
				}))
			)
			.returning({ id: users.id });
		const work: { user: { id: number }; events: Awaited<ReturnType<typeof makeBatch>> }[] = [];
		for (const l of learners) work.push({ user: l, events: await makeBatch(l.id, size, now) });

		const run = async () => {
			const changesBefore = db.$client.prepare('select total_changes() as n').get() as { n: number };
			const cpu = process.cpuUsage();
			const start = performance.now();
			const statuses: Record<string, number> = {};
			for (const { user, events } of work) {
				const { outcomes } = await applyEvents(user, events, ORIGIN, now);
				for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
			}
			const seconds = (performance.now() - start) / 1000;
			const used = process.cpuUsage(cpu);
			const cpuSeconds = (used.user + used.system) / 1e6;
			const changesAfter = db.$client.prepare('select total_changes() as n').get() as { n: number };
			const events = batches * size;
			return {
				eventsPerSecond: Math.round(events / seconds),
				eventsPerCpuSecond: Math.round(events / cpuSeconds),
				msPerBatch: +((seconds * 1000) / batches).toFixed(2),
				rowsChanged: changesAfter.n - changesBefore.n,
				statuses
			};
		};
		const first = await run();
		const resent = await run();
		return { batches, eventsPerBatch: size, first, resent };
	} finally {
		await closeDb();
		rmSync(dir, { recursive: true, force: true });
		if (previousKey === undefined) delete process.env.ISSUER_KEY_PATH;
		else process.env.ISSUER_KEY_PATH = previousKey;
	}
}
