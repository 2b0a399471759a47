import { db, type Executor } from './db/index.ts';
import { auditLog } from './db/schema.ts';

export interface AuditEntry {
	actorId: number | null;
	action: string;
	targetType?: string;
	targetId?: string | number;
	townshipId?: number | null;
	detail?: Record<string, unknown>;
}

/** Records who did what to whom. Call it inside the same transaction as the change it describes. */
export async function audit(entry: AuditEntry, target: Executor = db): Promise<void> {
	await target.insert(auditLog).values({
		at: new Date(),
		actorId: entry.actorId,
		action: entry.action,
		targetType: entry.targetType ?? null,
		targetId: entry.targetId === undefined ? null : String(entry.targetId),
		townshipId: entry.townshipId ?? null,
		detail: entry.detail ?? null
	});
}
