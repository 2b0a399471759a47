// A demo learner with a history (issue 16), so that a person trying the demo can see, signed in as a learner, what
// the encouragement looks like: "continue: lesson N", the week's goal, the calendar, milestones, a certificate on
// the course card, a suggested next course and the village's 学习之星. Everything goes through applyEvents, the
// path a phone's sync takes, on the evenings it would have arrived. The other demo learners stay new.
import { eq } from 'drizzle-orm';
import { getCourse } from '../../content/index.ts';
import { db } from '../../db/index.ts';
import { users } from '../../db/schema.ts';
import { applyEvents } from '../../sync/apply.ts';
import { setShowAsStar } from '../../village/stars.ts';
import { rightOptions, takeExam } from './ticketed-attempt.ts';
import { first as firstRow } from '../../db/dialect.ts';

/** The demo learner with a history (README "Demo accounts"). */
export const HISTORY_LEARNER = '13800000004';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Days ago each lesson was learned: three weeks of evenings, the last three in a row. */
const FIRST_COURSE_DAYS = [19, 17, 15, 12, 10, 8];
const SECOND_COURSE_DAYS = [3, 2, 1];

export interface DemoLearner {
	lessons: number;
	certificates: number;
}

export async function seedDemoLearner(origin: string, now = new Date()): Promise<DemoLearner> {
	const learner = await firstRow(db.select({ id: users.id }).from(users).where(eq(users.username, HISTORY_LEARNER)));
	const first = await getCourse('raising-chickens');
	const second = await getCourse('phone-safety');
	if (!learner || !first || !second) return { lessons: 0, certificates: 0 };
	const me = { id: learner.id };
	// Her account is a month old: the server takes no event as older than the account that sent it.
	await db
		.update(users)
		.set({ createdAt: new Date(now.getTime() - 30 * DAY) })
		.where(eq(users.id, me.id));
	let eventNo = 0;
	const eventId = () => `dd100000-0000-4000-8000-${(++eventNo).toString(16).padStart(12, '0')}`;
	// An evening in China (20:00 there is 12:00 UTC), `days` before now.
	const evening = (days: number) => {
		const day = new Date(now.getTime() - days * DAY);
		day.setUTCHours(12, 0, 0, 0);
		return day;
	};
	const send = (events: object[], at: Date) => applyEvents(me, events, origin, new Date(at.getTime() + HOUR));

	await send(
		[
			{
				id: eventId(),
				userId: me.id,
				kind: 'goal_set',
				clientAt: evening(20).toISOString(),
				payload: { lessonsPerWeek: 3 }
			}
		],
		evening(20)
	);
	let lessons = 0;
	for (const [course, days] of [
		[first, FIRST_COURSE_DAYS],
		[second, SECOND_COURSE_DAYS]
	] as const) {
		for (const [i, daysAgo] of days.entries()) {
			const lesson = course.lessons[i];
			if (!lesson) break;
			await send(
				[
					{
						id: eventId(),
						userId: me.id,
						kind: 'lesson_completed',
						courseSlug: course.slug,
						lessonSlug: lesson.slug,
						contentVersion: course.version,
						clientAt: evening(daysAgo).toISOString()
					}
				],
				evening(daysAgo)
			);
			lessons++;
		}
	}
	// The first course's exam, passed a week ago: her certificate.
	const examAt = evening(7);
	const taken = await takeExam(me.id, first.slug, rightOptions, new Date(examAt.getTime() - HOUR / 2));
	let certificates = 0;
	if (taken) {
		const { certificates: issued } = await send(
			[{ id: eventId(), clientAt: examAt.toISOString(), ...taken.event }],
			examAt
		);
		certificates = issued.length;
	}
	// She agreed to be shown as one of her village's stars.
	await setShowAsStar(me.id, true, now);
	return { lessons, certificates };
}
