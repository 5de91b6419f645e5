/**
 * schedule_callback: a durable job. The callbacks row and two outbox rows are written together:
 * the confirmation SMS (now) and the call itself (due at the agreed time). At the due time the
 * worker places the call through Twilio Voice, or hands it to the agent queue when the site has
 * no voice number.
 */
import { describeWhen, type ActionRequest } from "@parley/protocol";
import { callbacks } from "../db/schema";
import { publish } from "../feed";
import { badRequest } from "../http/errors";
import { newId } from "../ids";
import type { OutboxDraft } from "../outbox/enqueue";
import { smsText, voiceText } from "../templates/texts";
import type { ActionHandler } from "./action-env";
import { checkPhoneDestination } from "./destination-check";
import { updateLead } from "./leads";

type Params = Extract<ActionRequest, { type: "schedule_callback" }>["params"];
const MAX_AHEAD_MS = 90 * 24 * 60 * 60 * 1000;
const CLOCK_SKEW_MS = 60_000;

interface Prepared {
  dueAt: number;
  when: string;
}

export const scheduleCallback: ActionHandler<Params, Prepared> = {
  async prepare(ctx, site, params) {
    checkPhoneDestination(site, params.phone);
    const dueAt = Date.parse(params.time);
    const now = ctx.now();
    if (dueAt < now - CLOCK_SKEW_MS)
      throw badRequest("params.time: is in the past", "time_in_past");
    if (dueAt > now + MAX_AHEAD_MS)
      throw badRequest("params.time: is more than 90 days ahead", "time_too_far");
    return { dueAt, when: describeWhen(new Date(dueAt), new Date(now), site.timezone) };
  },
  async perform(tx, env, params, prepared) {
    const callbackId = newId("cb");
    await tx.insert(callbacks).values({
      id: callbackId,
      siteId: env.site.id,
      sessionId: env.sessionId,
      leadId: env.leadId,
      phone: params.phone,
      dueAt: prepared.dueAt,
      timeIso: params.time,
      reason: params.reason ?? null,
      status: "scheduled",
      createdAt: env.now,
      updatedAt: env.now,
    });
    await updateLead(
      tx,
      env.leadId,
      {
        phone: params.phone,
        nextActionTime: prepared.dueAt,
        pendingAction: "execute_call",
        preferredChannel: "call",
        lastContactedAt: env.now,
        leadStatus: "contacted",
      },
      env.now,
    );
    await publish(tx, {
      siteId: env.site.id,
      topic: "callback.scheduled",
      entityId: callbackId,
      data: { dueAt: prepared.dueAt, sessionId: env.sessionId },
      at: env.now,
    });
    const confirmation: OutboxDraft = {
      channel: "sms",
      template: "callback_confirmation",
      recipient: params.phone,
      body: smsText(env.site, "callback_confirmation", { when: prepared.when }),
      payload: { callbackTime: params.time },
      callbackId,
    };
    const call: OutboxDraft = {
      channel: "voice",
      template: "callback",
      recipient: params.phone,
      body: voiceText(env.site),
      payload: { callbackTime: params.time },
      dueAt: prepared.dueAt,
      callbackId,
      partOfAction: false,
    };
    return {
      status: "queued",
      result: { callbackId, time: params.time },
      drafts: [confirmation, call],
    };
  },
};
