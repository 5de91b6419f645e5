/** POST /v1/sessions: a call starts; its lead is found (returning visitor) or created. */
import { and, desc, eq } from "drizzle-orm";
import type { CreateSessionRequest, CreateSessionResponse, SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import { leads, sessions } from "../db/schema";
import { publish } from "../feed";
import { newId } from "../ids";
import { HOUR, consume } from "../rate-limit";
import { signSessionToken } from "../tokens";

export async function openSession(
  ctx: RelayContext,
  site: SiteConfig,
  origin: string,
  ipKey: string,
  request: CreateSessionRequest,
): Promise<CreateSessionResponse> {
  const now = ctx.now();
  const sessionId = newId("ses");
  const expiresAt = now + ctx.options.sessionTtlMs;
  const leadId = await ctx.store.write(async (tx) => {
    await consume(
      tx,
      {
        key: `ip:${ipKey}:sessions`,
        limit: ctx.limits.sessionsPerIpPerHour,
        windowMs: HOUR,
        what: "sessions from this address per hour",
      },
      now,
    );
    const lead = request.lead ?? {};
    const fields = {
      ...(lead.name ? { name: lead.name } : {}),
      ...(lead.company ? { company: lead.company } : {}),
      ...(lead.phone ? { phone: lead.phone } : {}),
      ...(lead.email ? { email: lead.email } : {}),
      ...(lead.preferred_channel ? { preferredChannel: lead.preferred_channel } : {}),
    };
    let leadId: string | undefined = undefined;
    if (request.visitorId) {
      const [known] = await tx
        .select({ id: leads.id })
        .from(leads)
        .where(and(eq(leads.siteId, site.id), eq(leads.visitorId, request.visitorId)))
        .orderBy(desc(leads.createdAt))
        .limit(1);
      leadId = known?.id;
      if (leadId && Object.keys(fields).length)
        await tx
          .update(leads)
          .set({ ...fields, updatedAt: now })
          .where(eq(leads.id, leadId));
    }
    if (!leadId) {
      leadId = newId("lead");
      await tx.insert(leads).values({
        id: leadId,
        siteId: site.id,
        visitorId: request.visitorId ?? null,
        leadStatus: "new",
        createdAt: now,
        updatedAt: now,
        ...fields,
      });
    }
    await tx.insert(sessions).values({
      id: sessionId,
      siteId: site.id,
      leadId,
      origin,
      mode: request.mode ?? null,
      ipHash: ipKey,
      startedAt: now,
      status: "active",
      stage: "greeting",
      sentimentTrajectory: [],
      missingInfo: [],
      pendingActions: [],
      updatedAt: now,
    });
    await publish(tx, {
      siteId: site.id,
      topic: "session.created",
      entityId: sessionId,
      data: { leadId, mode: request.mode ?? null },
      at: now,
    });
    return leadId;
  });
  const token = signSessionToken(ctx.options.secret, {
    lead: leadId,
    sid: sessionId,
    site: site.id,
    origin,
    exp: expiresAt,
  });
  return { sessionId, token, expiresAt: new Date(expiresAt).toISOString() };
}
