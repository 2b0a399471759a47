// The demo's village race and staff follow-up (issue 16): some villages learning hard this month, one that was
// ahead last month and has slowed, a few learners who chose to be stars, and staff notes on some of the learners
// who need help. Runs after seedDemoActivity; every lesson and exam goes through applyEvents like a phone's sync.
import { and, eq, like, not } from 'drizzle-orm';
import { getCourse, getExam, listCourses } from '../../content/index.ts';
import { db } from '../../db/index.ts';
import { certificates, households, lessonCompletions, townships, users, villages } from '../../db/schema.ts';
import { addFollowUpNote } from '../../followup/notes.ts';
import { followUpList } from '../../followup/list.ts';
import { chinaMonthStart } from '../../records/dashboard.ts';
import { applyEvents } from '../../sync/apply.ts';
import { setShowAsStar } from '../../village/stars.ts';
import { chinaIsoDay } from '../../../dates.ts';
import { seededRandom } from '../seeded-random.ts';
import { rightOptions, takeExam } from './ticketed-attempt.ts';
import { first } from '../../db/dialect.ts';

const HOUR = 3_600_000;
/** Village code, which month it pushed in, and how many of its learners finished a course then. */
const PUSHES = [
	{ village: '532530101201', month: 0, learners: 5, stars: 3 }, // 马鞍底村: ahead and climbing
	{ village: '532530101203', month: 1, learners: 4, stars: 0 }, // 老寨村: strong last month, quiet now
	{ village: '532530102202', month: 0, learners: 3, stars: 1 } // 大坪村: climbing in 铜厂乡
] as const;
const NOTES = [
	'打了电话，说农忙，下个月接着学。',
	'上门看了，手机坏了，帮她借了一台。',
	'考试没过，约好周六一起复习第二课。',
	'说不会用，教了怎么打开课程。'
];

export interface VillageDemo {
	finished: number;
	stars: number;
	notes: number;
}

export async function seedVillageDemo(origin: string, now = new Date()): Promise<VillageDemo> {
	const next = seededRandom(20261216);
	const result: VillageDemo = { finished: 0, stars: 0, notes: 0 };
	const courses = [];
	for (const c of await listCourses()) if ((await getExam(c.slug)) !== null) courses.push((await getCourse(c.slug))!);
	let eventNo = 0;
	const eventId = () => `dd000000-0000-4000-8000-${(++eventNo).toString(16).padStart(12, '0')}`;

	for (const push of PUSHES) {
		// The month's window, ending two hours before now for this month (so every event has arrived by now).
		const from = chinaMonthStart(now, push.month).getTime();
		const to = push.month === 0 ? Math.max(from + HOUR, now.getTime() - 2 * HOUR) : chinaMonthStart(now).getTime();
		const at = (share: number) => new Date(from + Math.floor((to - from) * share));
		// Members of the village's households (the demo accounts stay as the README describes them).
		const members = await db
			.select({ id: users.id })
			.from(users)
			.innerJoin(households, eq(users.householdId, households.id))
			.innerJoin(villages, eq(households.villageId, villages.id))
			.where(and(eq(villages.code, push.village), eq(users.role, 'learner'), not(like(users.username, '138%'))));
		let finished = 0;
		for (const member of members) {
			if (finished >= push.learners) break;
			let course: (typeof courses)[number] | undefined;
			for (const c of courses) {
				const done = await first(
					db
						.select({ id: certificates.id })
						.from(certificates)
						.where(and(eq(certificates.userId, member.id), eq(certificates.courseSlug, c.slug)))
				);
				if (!done) {
					course = c;
					break;
				}
			}
			if (!course) continue;
			const done = new Set(
				(
					await db
						.select({ lesson: lessonCompletions.lessonSlug })
						.from(lessonCompletions)
						.where(and(eq(lessonCompletions.userId, member.id), eq(lessonCompletions.courseSlug, course.slug)))
				).map((r) => r.lesson)
			);
			const start = 0.1 + next() * 0.4;
			const lessons = course.lessons
				.filter((l) => !done.has(l.slug))
				.map((l, i) => ({
					id: eventId(),
					userId: member.id,
					kind: 'lesson_completed',
					courseSlug: course.slug,
					lessonSlug: l.slug,
					contentVersion: course.version,
					clientAt: at(start + i * 0.04).toISOString()
				}));
			const lessonsAt = at(start + lessons.length * 0.04);
			if (lessons.length) await applyEvents(member, lessons, origin, new Date(lessonsAt.getTime() + HOUR));
			const examAt = at(Math.min(0.98, start + lessons.length * 0.04 + 0.05));
			const taken = await takeExam(member.id, course.slug, rightOptions, new Date(examAt.getTime() - HOUR / 2));
			if (!taken) continue;
			await applyEvents(
				member,
				[{ id: eventId(), clientAt: examAt.toISOString(), ...taken.event }],
				origin,
				new Date(examAt.getTime() + HOUR)
			);
			if (finished < push.stars) {
				await setShowAsStar(member.id, true, now);
				result.stars++;
			}
			finished++;
		}
		result.finished += finished;
	}

	// Staff have already called some of the learners who need help, in the last ten days.
	for (const code of ['532530101', '532530102']) {
		const township = await first(db.select().from(townships).where(eq(townships.code, code)));
		const staff = await first(
			db
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.role, 'staff'), eq(users.townshipId, township?.id ?? -1)))
		);
		if (!township || !staff) continue;
		const needing = (await followUpList(township.id, 'all', now)).filter((e) => e.reasons[0]?.kind !== 'never_started');
		for (const [i, person] of needing.slice(0, 3).entries()) {
			const contactedOn = chinaIsoDay(new Date(now.getTime() - (1 + i * 3) * 24 * HOUR));
			const saved = await addFollowUpNote(
				{ id: staff.id, townshipId: township.id },
				person.userId,
				{ note: NOTES[(i + result.notes) % NOTES.length], contactedOn },
				now
			);
			if (saved.ok) result.notes++;
		}
	}
	return result;
}
