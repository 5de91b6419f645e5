/** Updates to the brief's `leads` row, made in the transaction of the action that caused them. */
import { assignments, rawSql } from "../db/raw-sql";
import { leads } from "../db/schema";
import type { Tx } from "../db/store";

export type LeadPatch = Partial<{
  name: string | null;
  company: string | null;
  phone: string | null;
  email: string | null;
  preferredChannel: string | null;
  leadStatus: string;
  lastContactedAt: number | null;
  nextActionTime: number | null;
  pendingAction: string | null;
  lastIssue: string | null;
}>;

export async function updateLead(
  tx: Tx,
  leadId: string,
  patch: LeadPatch,
  now: number,
): Promise<void> {
  // Plain SQL (db/raw-sql.ts): every messaging action updates its lead.
  const set = assignments(leads, { ...patch, updatedAt: now });
  await rawSql(tx).run(`update leads set ${set.text} where id = ?`, [...set.args, leadId]);
}
