// The SQLite → PostgreSQL move (move.ts) on a real, throw-away PostgreSQL server (tooling/pg-server.ts): the demo
// county with a row or more in every one of the app's tables, so that no table can be skipped unnoticed.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import {
	getTableConfig as pgTableConfig,
	integer as pgInteger,
	pgTable,
	text as pgText,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { integer, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	SKIP_POSTGRES,
	startThrowawayPostgres,
	uniqueDatabaseName,
	type ThrowawayPostgres
} from '../tooling/pg-server.ts';
import { useDemoDatabase } from '../tooling/test-db.ts';
import { testEngine } from '../tooling/test-engine.ts';
import {
	canonical,
	copyTables,
	moveDatabase,
	MoveFailed,
	MoveRefused,
	MoveVerificationFailed,
	movePlan,
	openSqliteSnapshot,
	schemaTables,
	tablesWithRows,
	verifyTables,
	type TablePlan
} from './move.ts';
import { pgMigrationsFolder } from './index.ts';
import * as s from './schema.sqlite.ts';
import * as p from './schema.pg.ts';

/** exam seeds are unsigned 32-bit numbers: past PostgreSQL's integer. */
const SEED = 4_294_967_295;
/** An audit log id past 2^31 (the log is never pruned). */
const AUDIT_ID = 2 ** 40 + 7;
const BLOB = Buffer.from([0, 1, 2, 127, 128, 255, 0]);
/** JSON with its keys out of order, nested, Unicode, a fraction, null and a boolean. */
const PAYLOAD = { z: 1, a: { ä中: [1, 2.5, null, true, 'x'] }, m: -0.1 };
/** Ids whose byte order and a natural language's order differ (upper case first, accents, Chinese). */
const EVENT_IDS = Array.from({ length: 25 }, (_, i) => `${['A', 'a', 'B', 'b', '_', 'Z', 'é', '中'][i % 8]}-${i}`);
/** A time with milliseconds. */
const at = (n: number) => new Date(1_700_000_000_123 + n * 60_001);

/**
 * Adds rows to every table the demo county leaves empty, through drizzle on a connection of its own, and returns
 * how many rows each table has.
 */
function fillEveryTable(path: string): Record<string, number> {
	const client = new Database(path);
	const db = drizzleSqlite(client, { schema: s });
	const learners = db.select().from(s.users).where(eq(s.users.role, 'learner')).orderBy(s.users.id).limit(3).all();
	const staff = db.select().from(s.users).where(eq(s.users.role, 'staff')).get()!;
	const township = db.select().from(s.townships).get()!;
	const village = db.select().from(s.villages).get()!;
	const version = db.select().from(s.courseVersions).get()!;
	const [learner] = learners;
	const course = version.courseSlug;
	db.transaction((tx) => {
		tx.insert(s.sessions)
			.values({ id: 'session-1', userId: learner.id, expiresAt: at(1), userAgent: 'test' })
			.run();
		tx.insert(s.rateLimits)
			.values([
				{ key: 'account:x', failures: 3, blockedUntil: at(2), updatedAt: at(3) },
				{ key: 'ip:1.2.3.4', failures: 1, updatedAt: at(4) }
			])
			.run();
		tx.insert(s.enrolmentCodes)
			.values({ code: 'ABC123', villageId: village.id, createdBy: staff.id, expiresAt: at(5), maxUses: 500 })
			.run();
		tx.insert(s.learningEvents)
			.values(
				EVENT_IDS.map((id, i) => ({
					id,
					userId: learners[i % learners.length].id,
					kind: s.EVENT_KINDS[i % s.EVENT_KINDS.length],
					courseSlug: course,
					lessonSlug: i % 2 ? `lesson-${i}` : null,
					contentVersion: 'v1',
					payload: i % 3 ? { ...PAYLOAD, i } : null,
					clientAt: at(i),
					receivedAt: at(i + 1)
				}))
			)
			.run();
		// Twelve rows over a key of three columns: several pages of five.
		tx.insert(s.lessonCompletions)
			.values(
				learners.flatMap((l, u) =>
					['01-a', '02-b', '03-C', '04-中'].map((lesson, i) => ({
						userId: l.id,
						courseSlug: course,
						lessonSlug: lesson,
						eventId: EVENT_IDS[u * 4 + i],
						contentVersion: 'v1',
						completedAt: at(u * 4 + i)
					}))
				)
			)
			.run();
		tx.insert(s.examVersions)
			.values({ courseSlug: course, version: 'v1', questions: [{ id: 'q1', b: 2, a: 1 }], passMark: 80, drawCount: 5 })
			.run();
		tx.insert(s.examTickets)
			.values([
				{
					id: 'ticket-1',
					userId: learner.id,
					courseSlug: course,
					contentVersion: 'v1',
					seed: SEED,
					questionIds: ['q1', 'q2'],
					issuedAt: at(6),
					expiresAt: at(7),
					usedBy: EVENT_IDS[2],
					usedAt: at(8)
				},
				{
					id: 'ticket-2',
					userId: learner.id,
					courseSlug: course,
					contentVersion: 'v1',
					seed: 0,
					questionIds: [],
					issuedAt: at(9),
					expiresAt: at(10)
				}
			])
			.run();
		tx.insert(s.examAttempts)
			.values({
				eventId: EVENT_IDS[2],
				userId: learner.id,
				courseSlug: course,
				contentVersion: 'v1',
				seed: SEED,
				ticketId: 'ticket-1',
				answers: { q2: ['b'], q1: ['a', 'c'] },
				score: 0.8333333333333334,
				passed: true,
				review: ['q1'],
				submittedAt: at(11),
				gradedAt: at(12)
			})
			.run();
		tx.insert(s.learnerCourses)
			.values([
				{
					userId: learner.id,
					courseSlug: course,
					lessonsDone: 4,
					lastLessonAt: at(13),
					attempts: 1,
					passedAttempts: 1,
					bestScore: 0.8333333333333334,
					lastAttemptAt: at(12)
				},
				{ userId: learners[1].id, courseSlug: course, attempts: 2 }
			])
			.run();
		tx.insert(s.certificates)
			.values({
				number: 'ZZ-0001',
				userId: learner.id,
				courseSlug: course,
				courseTitle: '养鸡',
				contentVersion: 'v1',
				score: 0.8333333333333334,
				townshipId: township.id,
				attemptId: EVENT_IDS[2],
				credential: { proof: { b: 'x', a: 'y' }, '@context': ['https://www.w3.org/ns/credentials/v2'] },
				issuedAt: at(14),
				revokedAt: at(15),
				revokedReason: 'test',
				revokedBy: staff.id
			})
			.run();
		tx.insert(s.apiTokens)
			.values({
				townshipId: township.id,
				name: 'records',
				tokenHash: 'hash-1',
				createdBy: staff.id,
				lastUsedAt: at(16)
			})
			.run();
		tx.insert(s.auditLog)
			.values([
				{
					at: at(17),
					actorId: staff.id,
					action: 'export',
					townshipId: township.id,
					detail: { rows: 3, b: [1], a: null }
				},
				{ id: AUDIT_ID, at: at(18), action: 'reset', targetType: 'user', targetId: String(learner.id) }
			])
			.run();
		tx.insert(s.pendingRosterImports)
			.values({ id: 'roster-1', actorId: staff.id, sealed: BLOB, expiresAt: at(19) })
			.run();
		tx.insert(s.learnerGoals)
			.values({ userId: learner.id, lessonsPerWeek: 3, setAt: at(20), eventId: 'goal-1', receivedAt: at(21) })
			.run();
		tx.insert(s.learnerSettings)
			.values([
				{ userId: learner.id, showAsStar: true, updatedAt: at(22) },
				{ userId: learners[1].id, showAsStar: false, updatedAt: at(23) }
			])
			.run();
		tx.insert(s.followUpNotes)
			.values({
				learnerId: learner.id,
				staffId: staff.id,
				townshipId: township.id,
				contactedOn: '2024-06-30',
				note: '打过电话'
			})
			.run();
		const [opportunity] = tx
			.insert(s.opportunities)
			.values([
				{
					townshipId: township.id,
					kind: 'job',
					title: '采茶工',
					description: 'Tea\npicking',
					place: '村委会',
					startsOn: '2024-07-01',
					expiresOn: '2024-07-31',
					contactName: '李',
					contactPhone: '13800000000',
					createdBy: staff.id
				},
				{
					kind: 'microcredit',
					title: 'Loans',
					description: '',
					place: '县',
					startsOn: '2024-07-01',
					endsOn: '2024-08-01',
					expiresOn: '2024-07-31',
					contactName: '王',
					contactPhone: '13900000000',
					createdBy: staff.id,
					updatedBy: staff.id,
					updatedAt: at(24),
					closedAt: at(25),
					closedBy: staff.id
				}
			])
			.returning()
			.all();
		tx.insert(s.opportunityCourses).values({ opportunityId: opportunity.id, courseSlug: course }).run();
		tx.insert(s.opportunityInterest)
			.values({
				opportunityId: opportunity.id,
				userId: learner.id,
				interested: true,
				eventId: 'interest-1',
				changedAt: at(26)
			})
			.run();
		tx.insert(s.interestEvents)
			.values({
				id: 'interest-1',
				userId: learner.id,
				opportunityId: opportunity.id,
				interested: false,
				clientAt: at(27),
				receivedAt: at(28)
			})
			.run();
		tx.insert(s.coursePages).values({ versionId: version.id, file: 'course.md', html: '<p>你好</p>' }).run();
		tx.insert(s.learnerRatings)
			.values([
				{
					userId: learner.id,
					courseSlug: course,
					face: 'useful',
					comment: '很好 👍',
					eventId: 'rating-1',
					ratedAt: at(29)
				},
				{
					userId: learner.id,
					courseSlug: course,
					lessonSlug: '01-a',
					face: 'hard',
					eventId: 'rating-2',
					ratedAt: at(30)
				}
			])
			.run();
		tx.insert(s.lessonNotUnderstood)
			.values({ userId: learner.id, courseSlug: course, lessonSlug: '01-a', eventId: 'nu-1', at: at(31) })
			.run();
		// Empty on SQLite, where the secrets are files; a row all the same, so the move is seen to carry the table.
		tx.insert(s.instanceSecrets)
			.values({ name: 'test-secret', value: 'secret', createdAt: at(32) })
			.run();
	});
	const counts = Object.fromEntries(
		schemaTables().map((t) => [
			t.name,
			(client.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n
		])
	);
	client.close();
	return counts;
}

/** A row with its Buffers as hex (deep equality walks a Buffer byte by byte: seconds for a course's pictures). */
const bytesAsHex = (row: Record<string, unknown>) =>
	Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? { buffer: v.toString('hex') } : v]));

/** The SQLite file and its WAL, hashed: the move must leave them as they were. */
const fingerprint = (path: string) =>
	[path, `${path}-wal`].map((f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : null));

// The source is the demo county seeded by the app's own code, which writes to the engine of the run: on a
// PostgreSQL test run (ZHIZHI_TEST_ENGINE=postgres) there is no SQLite database to move, and the SQLite run covers it.
describe.skipIf(SKIP_POSTGRES || testEngine === 'postgres')('moving a SQLite database to PostgreSQL', () => {
	let server: ThrowawayPostgres;
	let source: Awaited<ReturnType<typeof useDemoDatabase>>;
	let counts: Record<string, number>;
	/** A database with the PostgreSQL migrations applied and no rows, copied for each test that wants one. */
	const migrated = 'move_migrated';
	const pools: pg.Pool[] = [];

	/** A drizzle database on a database of the server. */
	function connect(database: string) {
		const pool = new pg.Pool({ connectionString: server.url(database), max: 2 });
		pools.push(pool);
		return drizzlePg(pool);
	}

	/** A new database: empty, or with the migrations applied. */
	async function target(options: { migrated?: boolean } = {}) {
		const name = uniqueDatabaseName('move');
		await server.createDatabase(name, options.migrated ? { template: migrated } : {});
		return name;
	}

	beforeAll(async () => {
		server = await startThrowawayPostgres();
		source = await useDemoDatabase();
		counts = fillEveryTable(source.path);
		await server.createDatabase(migrated);
		const pool = new pg.Pool({ connectionString: server.url(migrated), max: 1 });
		await migrate(drizzlePg(pool), { migrationsFolder: pgMigrationsFolder });
		await pool.end();
		await server.makeTemplate(migrated);
	}, 60_000);

	afterEach(async () => {
		await Promise.all(pools.splice(0).map((pool) => pool.end()));
	});

	afterAll(async () => {
		await source?.cleanup();
		await server?.stop();
	}, 20_000);

	it('has a row or more in every one of the 33 tables to move', () => {
		expect(Object.keys(counts)).toHaveLength(33);
		expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
	});

	it('copies every row of every table into a new database, and both sides agree', async () => {
		const before = fingerprint(source.path);
		const name = await target();
		// Pages of five: every table of more rows is read and written in several.
		const report = await moveDatabase({ from: source.path, to: server.url(name), pageSize: 5 });

		expect(report.ok).toBe(true);
		expect(Object.fromEntries(report.tables.map((t) => [t.table, t.source]))).toEqual(counts);
		for (const t of report.tables) {
			expect(t.target, t.table).toBe(t.source);
			expect(t.sourceSum, t.table).toEqual(t.targetSum);
		}

		// Row by row, as drizzle reads them from each engine: the same JS values.
		const db = connect(name);
		const snapshot = openSqliteSnapshot(source.path);
		try {
			for (const plan of movePlan()) {
				const byKey = (row: Record<string, unknown>) => canonical(plan.key.map((k) => row[k]));
				const sort = (rows: Record<string, unknown>[]) =>
					rows.sort((a, b) => (byKey(a) < byKey(b) ? -1 : byKey(a) > byKey(b) ? 1 : 0));
				const moved = sort(await db.select().from(plan.pg));
				const original = sort(snapshot.db.select().from(plan.sqlite).all());
				expect(moved.map(bytesAsHex), plan.name).toEqual(original.map(bytesAsHex));
			}
		} finally {
			snapshot.close();
		}
		expect(fingerprint(source.path)).toEqual(before);

		// The planner knows the tables are full: their statistics were gathered once the rows were in (the migrations
		// gathered some too, of the empty tables).
		const { rows } = await db.execute(
			sql`select relname, reltuples from pg_class where relname in ('users', 'learning_events') order by relname`
		);
		expect(rows.map((r) => [r.relname, Number(r.reltuples)])).toEqual([
			['learning_events', counts.learning_events],
			['users', counts.users]
		]);
	});

	it('keeps times to the millisecond, booleans, JSON, bytes and numbers past 32 bits exactly', async () => {
		const name = await target({ migrated: true });
		await moveDatabase({ from: source.path, to: server.url(name) });
		const db = connect(name);

		const [ticket] = await db.select().from(p.examTickets).where(eq(p.examTickets.id, 'ticket-1'));
		expect(ticket.seed).toBe(SEED);
		expect(ticket.issuedAt).toEqual(at(6));
		expect(ticket.issuedAt.getTime() % 1000).toBe(at(6).getTime() % 1000);
		const [attempt] = await db.select().from(p.examAttempts);
		expect(attempt).toMatchObject({
			seed: SEED,
			passed: true,
			score: 0.8333333333333334,
			answers: { q1: ['a', 'c'], q2: ['b'] }
		});
		const [event] = await db.select().from(p.learningEvents).where(eq(p.learningEvents.id, EVENT_IDS[1]));
		expect(event.payload).toEqual({ ...PAYLOAD, i: 1 });
		const [roster] = await db.select().from(p.pendingRosterImports);
		expect(Buffer.isBuffer(roster.sealed) && roster.sealed.equals(BLOB)).toBe(true);
		const [audit] = await db.select().from(p.auditLog).where(eq(p.auditLog.id, AUDIT_ID));
		expect(audit.action).toBe('reset');
		const settings = await db.select().from(p.learnerSettings).orderBy(asc(p.learnerSettings.updatedAt));
		expect(settings.map((row) => row.showAsStar)).toEqual([true, false]);
		const [rating] = await db.select().from(p.learnerRatings).where(eq(p.learnerRatings.lessonSlug, ''));
		expect(rating.comment).toBe('很好 👍');
		// Course files' bytes too, whole.
		const blobs = await db.select().from(p.courseBlobs);
		expect(blobs.every((b) => b.data.length === b.size)).toBe(true);
	});

	it('sets every identity past the largest id copied: new rows get fresh ids', async () => {
		const name = await target({ migrated: true });
		await moveDatabase({ from: source.path, to: server.url(name) });
		const db = connect(name);

		const largest = async (table: TablePlan) => {
			const column = getTableColumns(table.pg)[table.identities[0]];
			const [{ m }] = (await db.execute(sql`select max(${column})::bigint as m from ${table.pg}`)).rows as {
				m: string;
			}[];
			return Number(m);
		};
		const withIdentity = movePlan().filter((t) => t.identities.length);
		expect(withIdentity.map((t) => t.name).sort()).toEqual([
			'api_tokens',
			'audit_log',
			'certificates',
			'counties',
			'course_versions',
			'enrolment_codes',
			'follow_up_notes',
			'households',
			'opportunities',
			'townships',
			'users',
			'villages'
		]);
		const maxima = Object.fromEntries(await Promise.all(withIdentity.map(async (t) => [t.name, await largest(t)])));

		const [county] = await db.insert(p.counties).values({ code: '530999', name: '新县' }).returning();
		expect(county.id).toBe(maxima.counties + 1);
		const [audit] = await db.insert(p.auditLog).values({ at: new Date(), action: 'test' }).returning();
		expect(audit.id).toBe(AUDIT_ID + 1);
		const [user] = await db
			.insert(p.users)
			.values({ role: 'learner', name: '新', username: 'new-learner' })
			.returning();
		expect(user.id).toBe(maxima.users + 1);
		for (const t of withIdentity) {
			const column = getTableColumns(t.pg)[t.identities[0]].name;
			const [{ next }] = (
				await db.execute(sql`select nextval(pg_get_serial_sequence(${`"${t.name}"`}, ${column}))::bigint as next`)
			).rows as { next: string }[];
			expect(Number(next), t.name).toBeGreaterThan(maxima[t.name]);
		}
	});

	it('refuses a database that has rows, naming the tables, and changes nothing', async () => {
		const name = await target();
		await moveDatabase({ from: source.path, to: server.url(name) });
		const db = connect(name);
		const first = openSqliteSnapshot(source.path);
		const before = await verifyTables(first.db, db, movePlan());
		first.close();
		const migrations = server.query('select count(*) from drizzle.__drizzle_migrations', { database: name });

		const again = moveDatabase({ from: source.path, to: server.url(name) });
		await expect(again).rejects.toThrow(MoveRefused);
		await expect(again).rejects.toThrow(
			/not empty: counties, townships, .*lesson_not_understood, instance_secrets have rows/
		);
		const snapshot = openSqliteSnapshot(source.path);
		try {
			const after = await verifyTables(snapshot.db, db, movePlan());
			expect(after).toEqual(before);
			expect(after.ok).toBe(true);
		} finally {
			snapshot.close();
		}
		expect(server.query('select count(*) from drizzle.__drizzle_migrations', { database: name })).toBe(migrations);
	});

	it('refuses before migrating: a database with one row in one table is left exactly so', async () => {
		const name = await target();
		server.query(`create table rate_limits (key text primary key); insert into rate_limits values ('x')`, {
			database: name
		});
		await expect(moveDatabase({ from: source.path, to: server.url(name) })).rejects.toThrow(
			/not empty: rate_limits has rows/
		);
		expect(
			server.query(
				`select string_agg(table_schema || '.' || table_name, ',') from information_schema.tables
				 where table_schema not in ('pg_catalog', 'information_schema')`,
				{ database: name }
			)
		).toBe('public.rate_limits');
	});

	it('finds a row that differs, and a row that is missing', async () => {
		const name = await target({ migrated: true });
		await moveDatabase({ from: source.path, to: server.url(name) });
		const db = connect(name);
		await db
			.update(p.learningEvents)
			.set({ payload: { ...PAYLOAD, i: 2 } })
			.where(eq(p.learningEvents.id, EVENT_IDS[1]));
		await db.delete(p.sessions);

		const snapshot = openSqliteSnapshot(source.path);
		try {
			const report = await verifyTables(snapshot.db, db, movePlan());
			expect(report.ok).toBe(false);
			expect(report.tables.filter((t) => !t.ok).map((t) => t.table)).toEqual(['sessions', 'learning_events']);
			const events = report.tables.find((t) => t.table === 'learning_events')!;
			// Same count, other rows.
			expect(events.target).toBe(events.source);
			expect(events.targetSum.sha256).not.toBe(events.sourceSum.sha256);
			expect(report.tables.find((t) => t.table === 'sessions')).toMatchObject({ source: 1, target: 0 });
		} finally {
			snapshot.close();
		}
	});

	it('keeps nothing when the two sides differ after the copy', async () => {
		const name = await target({ migrated: true });
		const move = moveDatabase({
			from: source.path,
			to: server.url(name),
			beforeVerify: async (tx) => {
				await tx.execute(
					sql`update course_blobs set data = '\\x00'::bytea where sha256 = (select min(sha256) from course_blobs)`
				);
			}
		});
		await expect(move).rejects.toThrow(MoveVerificationFailed);
		await expect(move).rejects.toThrow(/differs from the SQLite database in course_blobs: nothing was kept/);
		expect(await tablesWithRows(connect(name), movePlan())).toEqual([]);
		// Nor any sequence moved on (a rollback does not set one back).
		expect(server.query('select last_value, is_called from counties_id_seq', { database: name })).toBe('1|f');
	});

	it('keeps the secrets given in instance_secrets, after the comparison; a name copied already keeps its value', async () => {
		const name = await target();
		const report = await moveDatabase({
			from: source.path,
			to: server.url(name),
			secrets: { 'issuer-key': '{"type":"Multikey"}', 'test-secret': 'from a file' }
		});
		expect(report.ok).toBe(true);
		expect(report.secrets).toEqual(['issuer-key']);
		const rows = await connect(name)
			.select({ name: p.instanceSecrets.name, value: p.instanceSecrets.value })
			.from(p.instanceSecrets)
			.orderBy(asc(p.instanceSecrets.name));
		expect(rows).toEqual([
			{ name: 'issuer-key', value: '{"type":"Multikey"}' },
			{ name: 'test-secret', value: 'secret' }
		]);
	});

	it('npm run db:move carries the key file and the ticket secret beside the SQLite file into the database', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'zhizhi-move-cli-'));
		try {
			const copy = join(folder, 'zhizhi.db');
			const reader = new Database(source.path, { readonly: true });
			reader.prepare('vacuum into ?').run(copy);
			reader.close();
			const key = JSON.stringify({ type: 'Multikey', publicKeyMultibase: 'z6MkPublic', secretKeyMultibase: 'zSecret' });
			const ticketSecret = 'A'.repeat(43);
			writeFileSync(join(folder, 'issuer-key.json'), key);
			writeFileSync(join(folder, 'exam-ticket-secret'), `${ticketSecret}\n`);
			const cli = (to: string, ...more: string[]) =>
				new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
					const args = ['--import', 'tsx', 'src/lib/server/cli/db-move.ts', '--from', copy, '--to', to, ...more];
					execFile(process.execPath, args, { timeout: 120_000 }, (error, stdout, stderr) =>
						resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
					);
				});

			// A wrong file named is refused before anything moves.
			const refused = await target();
			const wrong = await cli(server.url(refused), '--issuer-key', join(folder, 'exam-ticket-secret'));
			expect(wrong.status, wrong.stderr).toBe(2);
			expect(wrong.stderr).toContain('is not a certificate signing key');
			expect(await tablesWithRows(connect(refused), movePlan())).toEqual([]);

			const name = await target();
			const moved = await cli(server.url(name));
			expect(moved.status, moved.stderr).toBe(0);
			expect(moved.stdout).toContain('Both sides agree.');
			expect(moved.stdout).toContain('The certificate signing key of');
			const rows = await connect(name)
				.select({ name: p.instanceSecrets.name, value: p.instanceSecrets.value })
				.from(p.instanceSecrets)
				.orderBy(asc(p.instanceSecrets.name));
			expect(rows).toEqual([
				{ name: 'exam-ticket-secret', value: `${ticketSecret}\n` },
				{ name: 'issuer-key', value: key },
				{ name: 'test-secret', value: 'secret' }
			]);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	}, 180_000);

	it('stops at a row PostgreSQL refuses, says why, and keeps nothing', async () => {
		// A copy of the source whose first event (in key order) has a NUL character, which PostgreSQL's text refuses.
		const copy = join(dirname(source.path), 'with-nul.db');
		const reader = new Database(source.path, { readonly: true });
		reader.prepare('vacuum into ?').run(copy);
		reader.close();
		const writer = new Database(copy);
		writer.prepare('update learning_events set lesson_slug = ? where id = ?').run('a\0b', EVENT_IDS[0]);
		writer.close();

		const name = await target({ migrated: true });
		// Pages of five: the inserts after the refused one are already on their way.
		const move = moveDatabase({ from: copy, to: server.url(name), pageSize: 5 });
		await expect(move).rejects.toThrow(MoveFailed);
		await expect(move).rejects.toThrow(
			/^Copying learning_events failed: invalid byte sequence for encoding "UTF8": 0x00$/
		);
		expect(await tablesWithRows(connect(name), movePlan())).toEqual([]);
	});

	it('copies a table that refers to itself, setting the references once every row is in', async () => {
		const sqliteNodes = sqliteTable('nodes', {
			id: integer('id').primaryKey(),
			parentId: integer('parent_id').references((): AnySQLiteColumn => sqliteNodes.id),
			name: text('name').notNull()
		});
		const pgNodes = pgTable('nodes', {
			id: pgInteger('id').primaryKey(),
			parentId: pgInteger('parent_id').references((): AnyPgColumn => pgNodes.id),
			name: pgText('name').notNull()
		});
		const client = new Database(':memory:');
		client.exec(
			'create table nodes (id integer primary key, parent_id integer references nodes (id), name text not null)'
		);
		const nodes = drizzleSqlite(client);
		// Children before their parents in id order, over several pages, and a node that is its own parent.
		const rows = [
			{ id: 1, parentId: 4, name: 'leaf' },
			{ id: 2, parentId: 1, name: 'leaf of leaf' },
			{ id: 3, parentId: 3, name: 'its own' },
			{ id: 4, parentId: null, name: 'root' },
			{ id: 5, parentId: 4, name: 'leaf' }
		];
		nodes.insert(sqliteNodes).values(rows).run();
		const db = connect(await target());
		await db.execute(
			sql`create table nodes (id integer primary key, parent_id integer references nodes (id), name text not null)`
		);

		const plans = movePlan([{ name: 'nodes', sqlite: sqliteNodes, pg: pgNodes }]);
		expect(plans[0].selfReferences).toEqual(['parentId']);
		const report = await db.transaction(async (tx) => {
			const sourceSums = await copyTables(nodes, tx, plans, { pageSize: 2 });
			return verifyTables(nodes, tx, plans, { sourceSums, pageSize: 2 });
		});
		expect(report.ok).toBe(true);
		expect(await db.select().from(pgNodes).orderBy(pgNodes.id)).toEqual(rows);
		client.close();
	});

	it('agrees with SQLite whatever the target database sorts text by', async () => {
		// An ICU collation ('a' before 'B', accents beside their letters), unlike SQLite's byte order.
		const name = uniqueDatabaseName('move_icu');
		server.query(`create database ${name} template template0 locale_provider icu icu_locale 'en-US' locale 'C'`);
		const report = await moveDatabase({ from: source.path, to: server.url(name), pageSize: 5 });
		expect(report.ok).toBe(true);
	});
});

describe('the order tables are moved in', () => {
	it('puts every table after the tables its foreign keys refer to', () => {
		const plans = movePlan();
		expect(plans).toHaveLength(33);
		const position = new Map(plans.map((plan, i) => [plan.name, i]));
		for (const plan of plans)
			for (const fk of pgTableConfig(plan.pg).foreignKeys) {
				const parent = pgTableConfig(fk.reference().foreignTable).name;
				if (parent !== plan.name)
					expect(position.get(parent)!, `${plan.name} → ${parent}`).toBeLessThan(position.get(plan.name)!);
			}
		// No table of the app refers to itself today (see the self-referring table below).
		expect(plans.filter((plan) => plan.selfReferences.length)).toEqual([]);
	});

	it('refuses tables whose foreign keys form a cycle, or a self-reference that may not be null', () => {
		const sa = sqliteTable('a', {
			id: integer('id').primaryKey(),
			b: integer('b').references((): AnySQLiteColumn => sb.id)
		});
		const sb = sqliteTable('b', { id: integer('id').primaryKey(), a: integer('a').references(() => sa.id) });
		const pa = pgTable('a', {
			id: pgInteger('id').primaryKey(),
			b: pgInteger('b').references((): AnyPgColumn => pb.id)
		});
		const pb = pgTable('b', { id: pgInteger('id').primaryKey(), a: pgInteger('a').references(() => pa.id) });
		expect(() =>
			movePlan([
				{ name: 'a', sqlite: sa, pg: pa },
				{ name: 'b', sqlite: sb, pg: pb }
			])
		).toThrow(/a, b form a cycle/);

		const pself = pgTable('self', {
			id: pgInteger('id').primaryKey(),
			up: pgInteger('up')
				.notNull()
				.references((): AnyPgColumn => pself.id)
		});
		const sself = sqliteTable('self', { id: integer('id').primaryKey(), up: integer('up').notNull() });
		expect(() => movePlan([{ name: 'self', sqlite: sself, pg: pself }])).toThrow(/self.up refers to its own table/);
	});
});
