// A synthetic county for measuring the records queries and exports: learners, events, projections, certificates.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontMatter, type Question } from '../../../content/format.js';
import { COURSE_FOLDER_RE, slugFromFileName } from '../../../content/names.js';
import { parseQuizBlocks } from '../../../content/quiz.js';
import { writeTransaction, type Db } from '../../db/index.ts';
import { rebuildLearnerCourses } from '../../learning/summary.ts';
import { seededRandom } from '../seeded-random.ts';
import type { EventKind } from '../../../sync/protocol.ts';

export interface BenchSeedOptions {
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

/**
 * Fills an empty, migrated database with a county. Rows go in through prepared statements on the raw client in
 * one transaction; ids of events are sequential UUID-shaped strings so the primary key grows at its end.
 */
export async function seedBenchCounty(
	db: Db,
	options: BenchSeedOptions = BENCH_COUNTY
): Promise<Record<string, number>> {
	const client = db.$client;
	const next = seededRandom(options.seed ?? 7);
	const now = (options.now ?? new Date()).getTime();
	const courses = benchCourses(options.coursesDir);
	const pick = (n: number) => Math.floor(next() * n);
	const counts = { learners: 0, events: 0, completions: 0, attempts: 0, certificates: 0 };
	let eventNo = 0;
	const eventId = () => {
		const hex = (eventNo++).toString(16).padStart(32, '0');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
	};
	const s = {
		county: client.prepare('insert into counties (code, name) values (?, ?)'),
		township: client.prepare('insert into townships (county_id, code, name) values (?, ?, ?)'),
		village: client.prepare('insert into villages (township_id, code, name) values (?, ?, ?)'),
		household: client.prepare('insert into households (village_id, code, head_name) values (?, ?, ?)'),
		user: client.prepare(
			`insert into users (role, name, username, household_id, township_id, must_change_password) values ('learner', ?, ?, ?, ?, 1)`
		),
		event: client.prepare(
			'insert into learning_events (id, user_id, kind, course_slug, lesson_slug, content_version, payload, client_at, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)'
		),
		completion: client.prepare(
			'insert into lesson_completions (user_id, course_slug, lesson_slug, event_id, content_version, completed_at) values (?, ?, ?, ?, ?, ?)'
		),
		examVersion: client.prepare(
			`insert into exam_versions (course_slug, version, questions, pass_mark) values (?, 'bench', ?, ?)`
		),
		// Every attempt is marked on a ticket, as the app only marks those (trainer statistics read only them).
		ticket: client.prepare(
			`insert into exam_tickets (id, user_id, course_slug, content_version, seed, question_ids, issued_at, expires_at, used_by, used_at) values (?, ?, ?, 'bench', 1, ?, ?, ?, ?, ?)`
		),
		attempt: client.prepare(
			`insert into exam_attempts (event_id, user_id, course_slug, content_version, seed, ticket_id, answers, score, passed, review, started_at, submitted_at, graded_at) values (?, ?, ?, 'bench', 1, ?, ?, ?, ?, '[]', ?, ?, ?)`
		),
		certificate: client.prepare(
			`insert into certificates (number, user_id, course_slug, course_title, content_version, score, township_id, attempt_id, issued_at) values (?, ?, ?, ?, 'bench', ?, ?, ?, ?)`
		)
	};
	const event = (userId: number, kind: EventKind, course: string, lesson: string | null, at: number) => {
		const id = eventId();
		s.event.run(id, userId, kind, course, lesson, 'bench', null, at, at + pick(DAY));
		counts.events++;
		return id;
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
	client.transaction(() => {
		for (const course of courses) {
			if (course.questions.length) s.examVersion.run(course.slug, JSON.stringify(course.questions), course.passMark);
		}
		const countyId = Number(s.county.run('999001', '基准县').lastInsertRowid);
		const villages: { id: number; townshipId: number; code: string }[] = [];
		for (let t = 1; t <= options.townships; t++) {
			const code = `999001${String(t).padStart(3, '0')}`;
			const townshipId = Number(s.township.run(countyId, code, `第${t}镇`).lastInsertRowid);
			for (let v = 1; v <= options.villagesPerTownship; v++) {
				const vCode = `${code}${String(200 + v)}`;
				villages.push({
					id: Number(s.village.run(townshipId, vCode, `${t}镇${v}村`).lastInsertRowid),
					townshipId,
					code: vCode
				});
			}
		}
		// Households and learners go township by township, so a township's learners have neighbouring ids.
		const households: { id: number; townshipId: number }[] = [];
		for (let h = 0; h < options.households; h++) {
			const village = villages[Math.floor((h * villages.length) / options.households)];
			const name = SURNAMES[pick(SURNAMES.length)] + GIVEN[pick(GIVEN.length)];
			const id = Number(
				s.household.run(village.id, `${village.code}${String(h).padStart(6, '0')}`, name).lastInsertRowid
			);
			households.push({ id, townshipId: village.townshipId });
		}
		for (let l = 0; l < options.learners; l++) {
			const household = households[Math.floor((l * households.length) / options.learners)];
			const name = SURNAMES[pick(SURNAMES.length)] + GIVEN[pick(GIVEN.length)];
			const userId = Number(s.user.run(name, `b${l}`, household.id, household.townshipId).lastInsertRowid);
			counts.learners++;
			const started = courses.filter(() => next() < 0.6);
			for (const course of started) {
				let at = now - 365 * DAY + pick(300 * DAY);
				const lessonsDone = next() < 0.33 ? course.lessons.length : pick(course.lessons.length) + 1;
				for (const lesson of course.lessons.slice(0, lessonsDone)) {
					at += pick(3 * DAY);
					const id = event(userId, 'lesson_completed', course.slug, lesson, at);
					s.completion.run(userId, course.slug, lesson, id, 'bench', at);
					counts.completions++;
					event(userId, 'practice_answer', course.slug, lesson, at - 60_000);
				}
				if (lessonsDone < course.lessons.length && next() < 0.7) continue;
				for (let tries = 0; tries < 3; tries++) {
					at += pick(5 * DAY);
					const score = 40 + pick(61);
					const passed = score >= 60;
					const id = event(userId, 'exam_attempt', course.slug, null, at);
					const answers = answersFor(course, score);
					const ticketId = `t${id}`;
					s.ticket.run(
						ticketId,
						userId,
						course.slug,
						questionIds.get(course.slug),
						at - 900_000,
						at + 30 * DAY,
						id,
						at + 1000
					);
					s.attempt.run(id, userId, course.slug, ticketId, answers, score, passed ? 1 : 0, at - 600_000, at, at + 1000);
					counts.attempts++;
					if (!passed) continue;
					if (lessonsDone === course.lessons.length) {
						const number = `ZB${(counts.certificates++).toString(32).toUpperCase().padStart(6, '0')}`;
						s.certificate.run(number, userId, course.slug, course.title, score, household.townshipId, id, at + 1000);
					}
					break;
				}
			}
		}
	})();
	// Written around the app's event path, so the learner-course summary is made from the rows afterwards.
	await writeTransaction((tx) => rebuildLearnerCourses(tx), db);
	return counts;
}
