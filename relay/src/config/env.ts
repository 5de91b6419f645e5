/**
 * The relay's environment, read once at start (`server.ts`). Everything has a safe default for
 * local use except the site config; see relay/README.md for the full reference.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { CreateRelayOptions } from "../relay";
import type { Logger } from "../log";
import type { Providers } from "../providers/provider";
import { createResendProvider } from "../providers/resend-provider";
import { createTwilioProvider } from "../providers/twilio-provider";
import { ConfigError, loadRelayConfig } from "./relay-config";

const int = (name: string, fallback: number) => (env: NodeJS.ProcessEnv) => {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative integer`);
  return value;
};

export interface ServerSettings {
  port: number;
  host: string;
  relay: CreateRelayOptions;
}

export function providersFromEnv(env: NodeJS.ProcessEnv, log: Logger): Providers {
  const providers: Providers = {};
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN) {
    providers.twilio = createTwilioProvider({
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      ...(env.PARLEY_TWILIO_BASE_URL ? { baseUrl: env.PARLEY_TWILIO_BASE_URL } : {}),
    });
    providers.twilioAuthToken = env.TWILIO_AUTH_TOKEN;
  }
  if (env.RESEND_API_KEY) {
    providers.resend = createResendProvider({
      apiKey: env.RESEND_API_KEY,
      ...(env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : {}),
    });
  }
  log.info("providers", {
    sms_whatsapp_voice: providers.twilio
      ? "twilio"
      : "dev outbox (TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN not set)",
    email: providers.resend ? "resend" : "dev outbox (RESEND_API_KEY not set)",
  });
  return providers;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv, log: Logger): ServerSettings {
  if (!env.PARLEY_CONFIG)
    throw new ConfigError(
      "PARLEY_CONFIG is not set: give a path to a site config JSON (e.g. examples/techcorp/parley.config.json)",
    );
  const config = loadRelayConfig(env.PARLEY_CONFIG);
  const port = int("PORT", 8787)(env);
  const host = env.HOST ?? "127.0.0.1";
  let secret = env.PARLEY_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString("hex");
    log.warn(
      "PARLEY_SECRET not set: using a random one; tokens will not survive a restart or work across processes",
    );
  } else if (secret.length < 32) {
    throw new ConfigError("PARLEY_SECRET must be at least 32 characters");
  }
  const publicUrl =
    env.PARLEY_PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  z.url().parse(publicUrl);
  const worker = {
    ...(env.PARLEY_OUTBOX_LEASE_MS ? { leaseMs: int("PARLEY_OUTBOX_LEASE_MS", 60_000)(env) } : {}),
    ...(env.PARLEY_OUTBOX_POLL_MS ? { pollMs: int("PARLEY_OUTBOX_POLL_MS", 250)(env) } : {}),
    ...(env.PARLEY_OUTBOX_BACKOFF_MS
      ? { backoffBaseMs: int("PARLEY_OUTBOX_BACKOFF_MS", 2000)(env) }
      : {}),
  };
  return {
    port,
    host,
    relay: {
      sites: config.sites,
      limits: config.limits,
      databaseUrl: env.DATABASE_URL ?? "file:./data/parley.db",
      ...(env.DATABASE_AUTH_TOKEN ? { databaseAuthToken: env.DATABASE_AUTH_TOKEN } : {}),
      options: {
        secret,
        ...(env.PARLEY_ADMIN_TOKEN ? { adminToken: env.PARLEY_ADMIN_TOKEN } : {}),
        publicUrl,
        trustProxy: env.PARLEY_TRUST_PROXY === "1" || env.PARLEY_TRUST_PROXY === "true",
        ...(env.PARLEY_SESSION_TTL_MS
          ? { sessionTtlMs: int("PARLEY_SESSION_TTL_MS", 0)(env) }
          : {}),
        ...(env.PARLEY_HANDOFF_OFFER_TIMEOUT_MS
          ? { handoffOfferTimeoutMs: int("PARLEY_HANDOFF_OFFER_TIMEOUT_MS", 60_000)(env) }
          : {}),
      },
      providers: providersFromEnv(env, log),
      worker: env.PARLEY_OUTBOX_WORKER === "0" ? false : worker,
      defaultMetrics: true,
      accessLog: env.PARLEY_ACCESS_LOG === "1",
      log,
    },
  };
}
