// Milestones a learner reaches: first lesson, ten lessons, a course finished, a certificate, weeks with the goal
// met (counted over the calendar's weeks, the ones the phone knows). Pure, from counts the phone already has
// (see weeks.ts and standing.ts).

export const MILESTONES = [
	{ key: 'first_lesson', reached: (c: MilestoneCounts) => c.lessons >= 1 },
	{ key: 'ten_lessons', reached: (c: MilestoneCounts) => c.lessons >= 10 },
	{ key: 'first_course', reached: (c: MilestoneCounts) => c.coursesFinished >= 1 },
	{ key: 'first_certificate', reached: (c: MilestoneCounts) => c.certificates >= 1 },
	{ key: 'first_goal_week', reached: (c: MilestoneCounts) => c.weeksMet >= 1 },
	{ key: 'four_goal_weeks', reached: (c: MilestoneCounts) => c.weeksMet >= 4 }
] as const;
export type MilestoneKey = (typeof MILESTONES)[number]['key'];

export type MilestoneCounts = {
	/** Lessons done in all courses. */
	lessons: number;
	/** Courses with every lesson done. */
	coursesFinished: number;
	/** Certificates held (not revoked). */
	certificates: number;
	/** Weeks the goal was met (of the calendar's weeks). */
	weeksMet: number;
};

/** Every milestone with whether it is reached, in the order a learner meets them. */
export function milestones(counts: MilestoneCounts): { key: MilestoneKey; reached: boolean }[] {
	return MILESTONES.map((m) => ({ key: m.key, reached: m.reached(counts) }));
}
