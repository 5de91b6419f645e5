/** Updates to the brief's `leads` row, made in the transaction of the action that caused them. */
import { eq } from "drizzle-orm";
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
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  await tx
    .update(leads)
    .set({ ...set, updatedAt: now })
    .where(eq(leads.id, leadId));
}
