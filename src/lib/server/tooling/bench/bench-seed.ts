// A synthetic county for measuring the records queries and exports: learners, events, projections, certificates.
// The same options (and seed) give the same rows on SQLite and on PostgreSQL: one generator makes every row, ids
// included, and a writer per engine puts them in (prepared statements on SQLite, multi-row inserts on PostgreSQL).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableName, max, sql } from 'drizzle-orm';
import type pg from 'pg';
import { parseFrontMatter, type Question } from '../../../content/format.js';
import { COURSE_FOLDER_RE, slugFromFileName } from '../../../content/names.js';
import { parseQuizBlocks } from '../../../content/quiz.js';
import { first, rawRun } from '../../db/dialect.ts';
import { asPostgres, engineOf, type Db } from '../../db/index.ts';
import { certificates, counties, households, townships, users, villages } from '../../db/schema.ts';
import { seededRandom } from '../seeded-random.ts';
import type { EventKind } from '../../../sync/protocol.ts';

export interface BenchSeedOptions {
	/** Counties the townships are shared among, in order (1 by default: a county's install). */
	counties?: number;
	townships: number;
	villagesPerTownship: number;
	households: number;
	learners: number;
	/** Fixed "now"; events fall in the year before it. */
	now?: Date;
	seed?: number;
	coursesDir?: string;
}

export const BENCH_COUNTY: BenchSeedOptions = {
	townships: 20,
	villagesPerTownship: 10,
	households: 40_000,
	learners: 100_000
};

/**
 * A province's worth of learners in one database: ten counties, each as large as the bench county (20 townships,
 * 100,000 learners), about 18 million events. An admin's records page shows one county at a time
 * (records/admin-scope.ts).
 */
export const BENCH_PROVINCE: BenchSeedOptions = {
	counties: 10,
	townships: 200,
	villagesPerTownship: 10,
	households: 400_000,
	learners: 1_000_000
};

interface BenchCourse {
	slug: string;
	title: string;
	lessons: string[];
	/** The exam's questions with their key, as the server keeps them per version. */
	questions: Question[];
	passMark: number;
}

/** The real course and lesson slugs, read from the content folders (the content index needs Vite). */
export function benchCourses(dir = join(process.cwd(), 'content/courses')): BenchCourse[] {
	return readdirSync(dir)
		.filter((name) => COURSE_FOLDER_RE.test(name))
		.sort()
		.map((folder) => {
			const files = readdirSync(join(dir, folder));
			const course = parseFrontMatter(readFileSync(join(dir, folder, 'course.md'), 'utf8'));
			const exam = files.includes('exam.md')
				? parseFrontMatter(readFileSync(join(dir, folder, 'exam.md'), 'utf8'))
				: null;
			return {
				slug: slugFromFileName(folder)!,
				title: String(course.data?.title ?? folder),
				lessons: files
					.sort()
					.map((f) => slugFromFileName(f))
					.filter((s): s is string => s !== null),
				questions: exam ? parseQuizBlocks(exam.body, { exam: true, bodyStartLine: exam.bodyStartLine }).questions : [],
				passMark: Number(course.data?.passMark ?? 60)
			};
		});
}

const DAY = 86_400_000;
const SURNAMES = '李王张刘陈杨赵黄周吴罗马';
const GIVEN = ['建国', '秀英', '明', '桂兰', '志强', '玉梅', '国华', '红霞', '德才', '春花'];

// ---- The tables the seed writes ----

/**
 * How the generator hands a column's values over, whatever the engine: text, integers, doubles; booleans as 0 or 1;
 * JSON as its text; times as epoch milliseconds (SQLite keeps those; PostgreSQL makes timestamptz of them).
 */
type Kind = 'text' | 'int' | 'bigint' | 'float' | 'bool' | 'json' | 'time';
/** A column: its name, its kind, and a value written into the statement itself when every row has the same. */
type ColumnSpec = readonly [name: string, kind: Kind, constant?: string | number | boolean];

/** The tables in the order they are filled: every table after those its foreign keys refer to. */
const TABLES = {
	examVersions: [
		'exam_versions',
		[
			['course_slug', 'text'],
			['version', 'text', 'bench'],
			['questions', 'json'],
			['pass_mark', 'int']
		]
	],
	counties: [
		'counties',
		[
			['id', 'int'],
			['code', 'text'],
			['name', 'text']
		]
	],
	townships: [
		'townships',
		[
			['id', 'int'],
			['county_id', 'int'],
			['code', 'text'],
			['name', 'text']
		]
	],
	villages: [
		'villages',
		[
			['id', 'int'],
			['township_id', 'int'],
			['code', 'text'],
			['name', 'text']
		]
	],
	households: [
		'households',
		[
			['id', 'int'],
			['village_id', 'int'],
			['code', 'text'],
			['head_name', 'text'],
			['county_id', 'int']
		]
	],
	users: [
		'users',
		[
			['id', 'int'],
			['role', 'text', 'learner'],
			['name', 'text'],
			['username', 'text'],
			['household_id', 'int'],
			['township_id', 'int'],
			['must_change_password', 'bool', true],
			['last_active_at', 'time'],
			['valid_certificates', 'int'],
			['county_id', 'int']
		]
	],
	events: [
		'learning_events',
		[
			['id', 'text'],
			['user_id', 'int'],
			['kind', 'text'],
			['course_slug', 'text'],
			['lesson_slug', 'text'],
			['content_version', 'text', 'bench'],
			['client_at', 'time'],
			['received_at', 'time'],
			['county_id', 'int']
		]
	],
	completions: [
		'lesson_completions',
		[
			['user_id', 'int'],
			['course_slug', 'text'],
			['lesson_slug', 'text'],
			['event_id', 'text'],
			['content_version', 'text', 'bench'],
			['completed_at', 'time'],
			['county_id', 'int']
		]
	],
	// Every attempt is marked on a ticket, as the app only marks those (trainer statistics read only them).
	tickets: [
		'exam_tickets',
		[
			['id', 'text'],
			['user_id', 'int'],
			['course_slug', 'text'],
			['content_version', 'text', 'bench'],
			['seed', 'bigint', 1],
			['question_ids', 'json'],
			['issued_at', 'time'],
			['expires_at', 'time'],
			['used_by', 'text'],
			['used_at', 'time'],
			['county_id', 'int']
		]
	],
	attempts: [
		'exam_attempts',
		[
			['event_id', 'text'],
			['user_id', 'int'],
			['course_slug', 'text'],
			['content_version', 'text', 'bench'],
			['seed', 'bigint', 1],
			['ticket_id', 'text'],
			['answers', 'json'],
			['score', 'float'],
			['passed', 'bool'],
			['review', 'json', '[]'],
			['started_at', 'time'],
			['submitted_at', 'time'],
			['graded_at', 'time'],
			['county_id', 'int']
		]
	],
	certificates: [
		'certificates',
		[
			['id', 'int'],
			['number', 'text'],
			['user_id', 'int'],
			['course_slug', 'text'],
			['course_title', 'text'],
			['content_version', 'text', 'bench'],
			['score', 'float'],
			['township_id', 'int'],
			['attempt_id', 'text'],
			['issued_at', 'time'],
			['county_id', 'int']
		]
	],
	learnerCourses: [
		'learner_courses',
		[
			['user_id', 'int'],
			['course_slug', 'text'],
			['township_id', 'int'],
			['lessons_done', 'int'],
			['last_lesson_at', 'time'],
			['attempts', 'int'],
			['passed_attempts', 'int'],
			['best_score', 'float'],
			['last_attempt_at', 'time'],
			['county_id', 'int']
		]
	]
} as const satisfies Record<string, readonly [string, readonly ColumnSpec[]]>;

type TableKey = keyof typeof TABLES;
const TABLE_KEYS = Object.keys(TABLES) as TableKey[];
/** Where each table's rows go: the values of its columns that are not constants, in order. */
type Writers = Record<TableKey, (values: unknown[]) => void>;

/** The tables whose ids the generator gives (identities on PostgreSQL, set past them afterwards). */
const ID_TABLES = { counties, townships, villages, households, users, certificates };
type Bases = Record<keyof typeof ID_TABLES, number>;

/** The columns whose values the generator gives (not constants), in order. */
const givenColumns = (key: TableKey): readonly ColumnSpec[] =>
	(TABLES[key][1] as readonly ColumnSpec[]).filter(([, , constant]) => constant === undefined);

/** A constant as SQL, in the engine's own spelling of booleans. */
function literal(value: string | number | boolean, engine: 'sqlite' | 'postgres'): string {
	if (typeof value === 'boolean') return engine === 'sqlite' ? String(Number(value)) : String(value);
	return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

// ---- The rows ----

/**
 * Every row of the county, handed to `out` table by table (parents before their children), yielding now and then
 * (every few hundred learners) so a writer can send what it gathered. Ids continue from `bases`: the largest id
 * each table already had. Households and learners go township by township, so a township's learners have
 * neighbouring ids; ids of events are sequential UUID-shaped strings so the primary key grows at its end.
 */
function* countyRows(
	options: BenchSeedOptions,
	courses: BenchCourse[],
	bases: Bases,
	out: Writers,
	counts: Record<string, number>
): Generator<void> {
	const next = seededRandom(options.seed ?? 7);
	const now = (options.now ?? new Date()).getTime();
	const pick = (n: number) => Math.floor(next() * n);
	let eventNo = 0;
	const eventId = () => {
		const hex = (eventNo++).toString(16).padStart(32, '0');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	};
	/** Answers that earn about `score`: each question right with that chance, otherwise one wrong option. */
	const answersFor = (course: BenchCourse, score: number) =>
		JSON.stringify(
			Object.fromEntries(
				course.questions.map((q) => [
					q.id,
					next() * 100 < score
						? q.options.filter((o) => o.correct).map((o) => o.id)
						: [q.options.find((o) => !o.correct)?.id ?? q.options[0].id]
				])
			)
		);
	const questionIds = new Map(courses.map((c) => [c.slug, JSON.stringify(c.questions.map((q) => q.id))]));

	for (const course of courses) {
		if (course.questions.length) out.examVersions([course.slug, JSON.stringify(course.questions), course.passMark]);
	}
	const countyCount = options.counties ?? 1;
	for (let c = 1; c <= countyCount; c++)
		out.counties([bases.counties + c, `9990${String(c).padStart(2, '0')}`, c === 1 ? '基准县' : `基准${c}县`]);
	const villageList: { id: number; townshipId: number; countyId: number; code: string }[] = [];
	for (let t = 1; t <= options.townships; t++) {
		const code = `999001${String(t).padStart(3, '0')}`;
		const townshipId = bases.townships + t;
		// The townships in order, an equal share to each county.
		const countyId = bases.counties + 1 + Math.floor(((t - 1) * countyCount) / options.townships);
		out.townships([townshipId, countyId, code, `第${t}镇`]);
		for (let v = 1; v <= options.villagesPerTownship; v++) {
			const vCode = `${code}${String(200 + v)}`;
			const id = bases.villages + villageList.length + 1;
			out.villages([id, townshipId, vCode, `${t}镇${v}村`]);
			villageList.push({ id, townshipId, countyId, code: vCode });
		}
	}
	yield;
	const villageOf = (household: number) =>
		villageList[Math.floor((household * villageList.length) / options.households)];
	for (let h = 0; h < options.households; h++) {
		const village = villageOf(h);
		const name = SURNAMES[pick(SURNAMES.length)] + GIVEN[pick(GIVEN.length)];
		out.households([
			bases.households + h + 1,
			village.id,
			`${village.code}${String(h).padStart(6, '0')}`,
			name,
			village.countyId
		]);
		if (h % 2000 === 1999) yield;
	}
	yield;

	// A learner's rows wait until the learner's own row is written: it carries their last activity and certificates.
	const pending: [TableKey, unknown[]][] = [];
	let lastActive: number | null = null;
	// The county every row of the learner at hand carries (their township's).
	let countyId = 0;
	const event = (userId: number, kind: EventKind, course: string, lesson: string | null, at: number) => {
		const id = eventId();
		pending.push(['events', [id, userId, kind, course, lesson, at, at + pick(DAY), countyId]]);
		if (lastActive === null || at > lastActive) lastActive = at;
		counts.events++;
		return id;
	};
	for (let l = 0; l < options.learners; l++) {
		const household = Math.floor((l * options.households) / options.learners);
		const { townshipId } = villageOf(household);
		countyId = villageOf(household).countyId;
		const name = SURNAMES[pick(SURNAMES.length)] + GIVEN[pick(GIVEN.length)];
		const userId = bases.users + l + 1;
		counts.learners++;
		pending.length = 0;
		lastActive = null;
		let validCertificates = 0;
		const started = courses.filter(() => next() < 0.6);
		for (const course of started) {
			let at = now - 365 * DAY + pick(300 * DAY);
			const lessonsDone = next() < 0.33 ? course.lessons.length : pick(course.lessons.length) + 1;
			let lastLessonAt: number | null = null;
			for (const lesson of course.lessons.slice(0, lessonsDone)) {
				at += pick(3 * DAY);
				const id = event(userId, 'lesson_completed', course.slug, lesson, at);
				pending.push(['completions', [userId, course.slug, lesson, id, at, countyId]]);
				lastLessonAt = at;
				counts.completions++;
				event(userId, 'practice_answer', course.slug, lesson, at - 60_000);
			}
			// The learner's summary of the course, as rebuildLearnerCourses makes it from the rows (`at` only grows).
			const summary = { attempts: 0, passed: 0, best: null as number | null, lastAttemptAt: null as number | null };
			const exam = !(lessonsDone < course.lessons.length && next() < 0.7);
			for (let tries = 0; exam && tries < 3; tries++) {
				at += pick(5 * DAY);
				const score = 40 + pick(61);
				const passed = score >= 60;
				const id = event(userId, 'exam_attempt', course.slug, null, at);
				const answers = answersFor(course, score);
				const ticketId = `t${id}`;
				pending.push([
					'tickets',
					[
						ticketId,
						userId,
						course.slug,
						questionIds.get(course.slug),
						at - 900_000,
						at + 30 * DAY,
						id,
						at + 1000,
						countyId
					]
				]);
				pending.push([
					'attempts',
					[id, userId, course.slug, ticketId, answers, score, passed ? 1 : 0, at - 600_000, at, at + 1000, countyId]
				]);
				counts.attempts++;
				summary.attempts++;
				summary.best = Math.max(summary.best ?? score, score);
				summary.lastAttemptAt = at;
				if (!passed) continue;
				summary.passed++;
				if (lessonsDone === course.lessons.length) {
					const number = `ZB${(counts.certificates++).toString(32).toUpperCase().padStart(6, '0')}`;
					const certificateId = bases.certificates + counts.certificates;
					pending.push([
						'certificates',
						[certificateId, number, userId, course.slug, course.title, score, townshipId, id, at + 1000, countyId]
					]);
					validCertificates++;
				}
				break;
			}
			const { attempts, passed, best, lastAttemptAt } = summary;
			pending.push([
				'learnerCourses',
				[userId, course.slug, townshipId, lessonsDone, lastLessonAt, attempts, passed, best, lastAttemptAt, countyId]
			]);
		}
		out.users([
			userId,
			name,
			`b${l}`,
			bases.households + household + 1,
			townshipId,
			lastActive,
			validCertificates,
			countyId
		]);
		for (const [table, values] of pending) out[table](values);
		if (l % 250 === 249) yield;
	}
}

// ---- Writing them ----

/** SQLite: a prepared statement per table, run for each row as it comes, all in one transaction. */
function seedSqlite(db: Db, rows: (out: Writers) => Generator<void>): void {
	const client = db.$client;
	const out = {} as Writers;
	for (const key of TABLE_KEYS) {
		const [table, columns] = TABLES[key];
		const values = columns.map(([, , constant]) => (constant === undefined ? '?' : literal(constant, 'sqlite')));
		const statement = client.prepare(
			`insert into ${table} (${columns.map(([name]) => name).join(', ')}) values (${values.join(', ')})`
		);
		out[key] = (row) => statement.run(row);
	}
	client.transaction(() => {
		const steps = rows(out);
		while (!steps.next().done);
	})();
}

/** Rows gathered before they are sent to PostgreSQL (with as many again being written meanwhile). */
const PG_BATCH_ROWS = 25_000;

/** PostgreSQL's array type a column's values travel in, and the expression that makes the column's value of one. */
const PG_KINDS: Record<Kind, [array: string, value: (v: string) => string]> = {
	text: ['text[]', (v) => v],
	int: ['int4[]', (v) => v],
	bigint: ['int8[]', (v) => v],
	float: ['float8[]', (v) => v],
	bool: ['int4[]', (v) => `${v} <> 0`],
	json: ['text[]', (v) => `${v}::jsonb`],
	time: ['int8[]', (v) => `timestamptz 'epoch' + ${v} * interval '1 millisecond'`]
};

/**
 * A table's multi-row insert: each column's values as one array parameter, unnested into rows (any number of rows
 * in one statement, one parameter per column).
 */
function pgInsert(key: TableKey): string {
	const [table, columns] = TABLES[key];
	const given = givenColumns(key);
	// Each given column is c<its position among the given ones>.
	let n = 0;
	const select = columns.map(([, kind, constant]) =>
		constant === undefined ? PG_KINDS[kind][1](`c${n++}`) : literal(constant, 'postgres')
	);
	const arrays = given.map(([, kind], i) => `$${i + 1}::${PG_KINDS[kind][0]}`);
	return (
		`insert into ${table} (${columns.map(([name]) => name).join(', ')}) ` +
		`select ${select.join(', ')} from unnest(${arrays.join(', ')}) as r(${given.map((_, i) => `c${i}`).join(', ')})`
	);
}

/** A text value as an element of an array literal: quoted, its quotes and backslashes escaped. */
const quoted = (value: string) =>
	value.includes('"') || value.includes('\\') ? `"${value.replace(/["\\]/g, '\\$&')}"` : `"${value}"`;

/**
 * One batch of rows for PostgreSQL: per table, per column, the elements of the array literal its values travel
 * in ({1,2,NULL}, {"a","b"}), made as the rows come: node-postgres would make the same of arrays of values, at
 * several times the cost in time and garbage.
 */
class PgBatch {
	private readonly elements = Object.fromEntries(
		TABLE_KEYS.map((key) => [key, givenColumns(key).map((): (string | number)[] => [])])
	) as Record<TableKey, (string | number)[][]>;
	private readonly texts = Object.fromEntries(
		TABLE_KEYS.map((key) => [key, givenColumns(key).map(([, kind]) => kind === 'text' || kind === 'json')])
	) as Record<TableKey, boolean[]>;
	rows = 0;
	add(key: TableKey, values: unknown[]) {
		const elements = this.elements[key];
		const texts = this.texts[key];
		for (let i = 0; i < elements.length; i++) {
			const value = values[i];
			if (value === null || value === undefined) elements[i].push('NULL');
			else elements[i].push(texts[i] ? quoted(value as string) : (value as number));
		}
		this.rows++;
	}
	/** A table's parameters, one array literal per column; none when the batch has no row of it. */
	parameters(key: TableKey): string[] | null {
		const elements = this.elements[key];
		return elements[0].length ? elements.map((column) => `{${column.join(',')}}`) : null;
	}
}

/** From this many learners on, PostgreSQL's load goes without foreign keys and secondary indexes (see below). */
const BULK_LEARNERS = 10_000;

/**
 * Takes the foreign keys off the tables the seed fills, and their indexes other than primary keys and unique
 * constraints, as PostgreSQL's guide to populating a database advises: a foreign key is otherwise checked row by
 * row (a trigger per row) and every index grows row by row. Returns the statements that put them back, exactly as
 * they were (names and definitions from the catalog): indexes first, each built in one sort, then the foreign
 * keys, each checked in one pass over its table.
 */
async function dropForLoad(client: pg.PoolClient): Promise<string[]> {
	const tables = TABLE_KEYS.map((key) => TABLES[key][0]);
	const { rows: foreignKeys } = await client.query<{ tableName: string; name: string; definition: string }>(
		`select conrelid::regclass::text as "tableName", conname as name, pg_get_constraintdef(oid) as definition
		from pg_constraint where contype = 'f' and conrelid = any($1::regclass[]) order by conrelid, conname`,
		[tables]
	);
	const { rows: indexes } = await client.query<{ name: string; definition: string }>(
		`select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as definition
		from pg_index where indrelid = any($1::regclass[])
		and not exists (select 1 from pg_constraint c where c.conindid = indexrelid and c.contype in ('p', 'u', 'x'))
		order by indexrelid`,
		[tables]
	);
	const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
	for (const fk of foreignKeys) await client.query(`alter table ${fk.tableName} drop constraint ${quote(fk.name)}`);
	for (const index of indexes) await client.query(`drop index ${index.name}`);
	return [
		...indexes.map((index) => index.definition),
		...foreignKeys.map((fk) => `alter table ${fk.tableName} add constraint ${quote(fk.name)} ${fk.definition}`)
	];
}

/**
 * PostgreSQL: the rows gathered in batches, each sent as one insert per table (parents first), one batch written
 * while the next is made, all in one transaction on one connection; then each identity sequence is set past the
 * ids written. A large load (`bulk`) drops foreign keys and secondary indexes first and restores them at its end,
 * inside the same transaction: a failure anywhere leaves the database as it was.
 */
async function seedPostgres(db: Db, rows: (out: Writers) => Generator<void>, bulk: boolean): Promise<void> {
	const statements = Object.fromEntries(TABLE_KEYS.map((key) => [key, pgInsert(key)])) as Record<TableKey, string>;
	const write = async (client: pg.PoolClient, batch: PgBatch) => {
		for (const key of TABLE_KEYS) {
			const parameters = batch.parameters(key);
			if (parameters) await client.query(statements[key], parameters);
		}
	};
	const client = await asPostgres(db).$client.connect();
	try {
		await client.query('begin');
		// Memory for building the indexes again and for checking the foreign keys in one pass (this transaction only).
		if (bulk) await client.query(`set local maintenance_work_mem = '512MB'; set local work_mem = '256MB'`);
		const restore = bulk ? await dropForLoad(client) : [];
		let batch = new PgBatch();
		const out = Object.fromEntries(TABLE_KEYS.map((key) => [key, (v: unknown[]) => batch.add(key, v)])) as Writers;
		let writing: Promise<void> = Promise.resolve();
		const steps = rows(out);
		while (!steps.next().done) {
			if (batch.rows >= PG_BATCH_ROWS) {
				await writing;
				writing = write(client, batch);
				// Awaited before the next batch is sent (or at the end): a failure meanwhile is not unhandled.
				writing.catch(() => {});
				batch = new PgBatch();
			}
			// Let the connection send and receive between pieces of the generator's work.
			await new Promise((resolve) => setImmediate(resolve));
		}
		await writing;
		await write(client, batch);
		for (const statement of restore) await client.query(statement);
		for (const table of Object.values(ID_TABLES)) {
			const name = getTableName(table);
			await client.query(
				`select setval(pg_get_serial_sequence('${name}', 'id'), coalesce(max(id), 0) + 1, false) from ${name}`
			);
		}
		await client.query('commit');
	} catch (error) {
		await client.query('rollback').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}

/**
 * Fills an empty, migrated database with a county: the same rows on SQLite and PostgreSQL. The learner-course
 * summary (learner_courses) and each learner's last activity and certificate count are written with the rows,
 * as the app's event path keeps them.
 */
export async function seedBenchCounty(
	db: Db,
	options: BenchSeedOptions = BENCH_COUNTY
): Promise<Record<string, number>> {
	const courses = benchCourses(options.coursesDir);
	const bases = {} as Bases;
	for (const [key, table] of Object.entries(ID_TABLES))
		bases[key as keyof Bases] = (await first(db.select({ id: max(table.id) }).from(table)))?.id ?? 0;
	const counts = { learners: 0, events: 0, completions: 0, attempts: 0, certificates: 0 };
	const rows = (out: Writers) => countyRows(options, courses, bases, out, counts);
	if (engineOf(db) === 'postgres') await seedPostgres(db, rows, options.learners >= BULK_LEARNERS);
	else seedSqlite(db, rows);
	return counts;
}

/**
 * seedBenchCounty for the bench: a fresh, migrated database filled for speed, then its statistics gathered
 * (SQLite: ANALYZE; PostgreSQL: VACUUM ANALYZE, which also marks the new pages all-visible, so index-only scans
 * read the indexes alone, as they would once autovacuum had passed). Says how long each part took.
 */
export async function seedBenchDatabase(
	db: Db,
	options: BenchSeedOptions = BENCH_COUNTY
): Promise<Record<string, number>> {
	const sqlite = engineOf(db) === 'sqlite';
	if (sqlite) {
		// Bulk load: no journal to wait for; a crash mid-seed only means running it again.
		db.$client.pragma('journal_mode = OFF');
		db.$client.pragma('synchronous = OFF');
		db.$client.pragma('cache_size = -262144');
		db.$client.pragma('temp_store = MEMORY');
	}
	const started = performance.now();
	const counts = await seedBenchCounty(db, options);
	const seeded = performance.now();
	if (sqlite) {
		db.$client.exec('ANALYZE');
		db.$client.pragma('journal_mode = WAL');
	} else await rawRun(db, sql`vacuum analyze`);
	const seconds = (from: number, to = performance.now()) => +((to - from) / 1000).toFixed(1);
	return { ...counts, insertSeconds: seconds(started, seeded), analyzeSeconds: seconds(seeded) };
}
