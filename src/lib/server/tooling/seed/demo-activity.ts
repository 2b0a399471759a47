// Five months of learning in the demo county, so the township records show what real use looks like.
import { asc, eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../auth/password.ts';
import { getCourse, getExam, listCourses } from '../../content/index.ts';
import { rememberAllExamVersions } from '../../learning/exam-versions.ts';
import { applyEvents } from '../../sync/apply.ts';
import { db, writeTransaction } from '../../db/index.ts';
import { households, users, villages } from '../../db/schema.ts';
import { seededRandom } from '../seeded-random.ts';
import { seedDemoGoals } from './demo-goals.ts';
import { seedDemoRatings } from './demo-ratings.ts';
import { rightOptions, takeExam, wrongOption } from './ticketed-attempt.ts';
import { one } from '../../db/dialect.ts';
import { countyOfTownship } from '../../db/county.ts';

const DAY = 86_400_000;
/** Learners sync in the evening: 20:00 in China. */
const EVENING_UTC_HOURS = 12;
const GIVEN = ['小燕', '海军', '丽萍', '文斌', '金花', '志刚', '春梅', '建华', '秀珍', '永强', '玉兰', '德明'];

export interface DemoActivity {
	learners: number;
	events: number;
	attempts: number;
	certificates: number;
}

/**
 * Adds family members to the demo households who have been learning for the last five months: lessons done
 * over weeks, exams failed and passed, certificates, and some who stopped. Every event goes through
 * applyEvents, the path a phone's sync takes, on the evening it would have arrived, so the events, the records'
 * summary and the signed certificates are what real use would have made.
 *
 * Call it after seedDemo. The members have passwords nobody knows: staff hand them a one-time code like anyone.
 */
export async function seedDemoActivity(origin: string, now = new Date()): Promise<DemoActivity> {
	const next = seededRandom(20261130);
	const pick = (n: number) => Math.floor(next() * n);
	const counts: DemoActivity = { learners: 0, events: 0, attempts: 0, certificates: 0 };
	await rememberAllExamVersions();
	const courses = [];
	for (const summary of await listCourses()) {
		const exam = await getExam(summary.slug);
		if (exam !== null) courses.push({ course: (await getCourse(summary.slug))!, exam });
	}
	const today = Math.floor(now.getTime() / DAY) * DAY;
	const evening = (daysAgo: number) => new Date(today - daysAgo * DAY + EVENING_UTC_HOURS * 3_600_000);
	/** When the phone did it: an hour or two before that evening's sync. */
	const takenAt = (daysAgo: number) => new Date(evening(daysAgo).getTime() - (1 + pick(120)) * 60_000);
	let eventNo = 0;
	const eventId = () => `de000000-0000-4000-8000-${(++eventNo).toString(16).padStart(12, '0')}`;

	// Members of each household, enrolled like anyone staff enter by hand.
	const passwordHash = await hashPassword(randomBytes(18).toString('base64url'));
	const homes = await db
		.select({ id: households.id, headName: households.headName, townshipId: villages.townshipId })
		.from(households)
		.innerJoin(villages, eq(households.villageId, villages.id))
		.orderBy(asc(households.id));
	// Account numbers follow the heads of household's (eight digits, like every learner number staff hand out).
	const taken = await db.select({ username: users.username }).from(users);
	let username = Math.max(
		20_000_000,
		...taken.filter((u) => /^\d{8}$/.test(u.username)).map((u) => Number(u.username))
	);
	const members = await writeTransaction(async (tx) => {
		const made: { id: number }[] = [];
		for (const home of homes)
			for (let i = 1 + pick(3); i > 0; i--)
				made.push(
					await one(
						tx
							.insert(users)
							.values({
								role: 'learner',
								name: (home.headName ?? '李')[0] + GIVEN[pick(GIVEN.length)],
								username: String(++username),
								householdId: home.id,
								townshipId: home.townshipId,
								countyId: countyOfTownship(home.townshipId),
								passwordHash,
								// Enrolled before the history below: nothing a learner does is dated before their account.
								createdAt: evening(160)
							})
							.returning({ id: users.id })
					)
				);
		return made;
	});

	for (const member of members) {
		// One in five has not started yet; most take one course, some two.
		if (next() < 0.2) continue;
		counts.learners++;
		const chosen = new Set([pick(courses.length)]);
		if (next() < 0.3) chosen.add(pick(courses.length));
		for (const c of chosen) {
			const { course, exam } = courses[c];
			const send = async (daysAgo: number, events: Record<string, unknown>[], clientAt = takenAt(daysAgo)) => {
				const at = evening(daysAgo);
				const base = {
					userId: member.id,
					courseSlug: course.slug,
					contentVersion: course.version,
					clientAt: clientAt.toISOString()
				};
				const result = await applyEvents(
					member,
					events.map((e) => ({ id: eventId(), ...base, ...e })),
					origin,
					at
				);
				counts.events += events.length;
				counts.certificates += result.certificates.length;
			};
			// Some began in the last few weeks; the others over the months before.
			let day = next() < 0.35 ? 3 + pick(35) : 20 + pick(130);
			const gap = 1 + pick(4);
			const lessons = next() < 0.6 ? course.lessons.length : 1 + pick(course.lessons.length - 1);
			for (const lesson of course.lessons.slice(0, lessons)) {
				await send(day, [{ kind: 'lesson_completed', lessonSlug: lesson.slug }]);
				day -= gap;
				if (day < 1) break;
			}
			if (lessons < course.lessons.length || day < 1) continue;
			// The exam: most pass at once, some on a second try, some fail twice (they show under "needs help").
			const outcome = next();
			const tries = outcome < 0.65 ? [true] : outcome < 0.85 ? [false, true] : [false, false];
			for (const pass of tries) {
				if (day < 1) break;
				// Opened on the phone a while before it was handed in: the ticket comes first, as on a real phone.
				const clientAt = takenAt(day);
				const drawn = exam!.draw ?? exam!.questions.length;
				const needed = Math.ceil((drawn * course.passMark) / 100);
				const right = pass
					? needed + pick(drawn - needed + 1)
					: Math.floor(needed * 0.4) + pick(Math.ceil(needed * 0.5));
				const rightAt = new Set(
					Array.from({ length: drawn }, (_, i) => ({ i, k: next() }))
						.sort((a, b) => a.k - b.k)
						.slice(0, right)
						.map(({ i }) => i)
				);
				const taken = await takeExam(
					member.id,
					course.slug,
					(q, i) => (rightAt.has(i) ? rightOptions(q) : wrongOption(q)),
					new Date(clientAt.getTime() - (10 + pick(30)) * 60_000)
				);
				if (!taken) break;
				await send(day, [taken.event], clientAt);
				counts.attempts++;
				day -= 2 + pick(4);
			}
		}
	}
	await seedDemoGoals(
		members.map((m) => m.id),
		origin,
		now
	);
	await seedDemoRatings(
		members.map((m) => m.id),
		origin
	);
	return counts;
}
