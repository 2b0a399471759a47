/** The kinds of opportunity (the database's `opportunities.kind` holds the same list). */
export type OpportunityKind = 'job' | 'cooperative' | 'training' | 'microcredit';

/** One opportunity as a learner's phone gets it (GET /api/opportunities) and keeps it. */
export type LearnerOpportunity = {
	id: number;
	kind: OpportunityKind;
	title: string;
	/** Plain text: shown as text, never as markup. */
	description: string;
	place: string;
	startsOn: string;
	endsOn: string | null;
	expiresOn: string;
	contactName: string;
	contactPhone: string;
	/** The courses whose certificate it asks for (none: open to all). */
	courses: { slug: string; title: string }[];
	/** Whether the learner said "我感兴趣", as the server knows it. */
	interested: boolean;
};

/** The list for one learner, with the server's China day when it was made. */
export type LearnerOpportunities = { userId: number; today: string; opportunities: LearnerOpportunity[] };
