import { m } from '$lib/paraglide/messages';
import type { OpportunityKind } from './types.ts';

const LABELS: Record<OpportunityKind, () => string> = {
	job: m.opp_kind_job,
	cooperative: m.opp_kind_cooperative,
	training: m.opp_kind_training,
	microcredit: m.opp_kind_microcredit
};

/** The words for an opportunity's kind, in the reader's language. */
export const kindLabel = (kind: OpportunityKind): string => LABELS[kind]();
