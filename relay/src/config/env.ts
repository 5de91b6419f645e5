/**
 * The relay's environment, read once at start (`server.ts`, the outbox thread) through one zod
 * schema: every variable, its default and what a bad value says. Everything has a safe default
 * for local use except the site config; relay/.env.example lists them all and relay/README.md
 * explains each.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { DEFAULT_OPTIONS } from "../context";
import { WORKER_DEFAULTS } from "../outbox/worker";
import type { CreateRelayOptions } from "../relay";
import type { Logger, LogLevel } from "../log";
import type { Providers } from "../providers/provider";
import { createResendProvider } from "../providers/resend-provider";
import { createTwilioProvider } from "../providers/twilio-provider";
import { ConfigError, loadRelayConfig } from "./relay-config";

/** An unset or empty variable is "not given" (a blank line in a .env file means the default). */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

const optionalText = z.preprocess(unsetIfEmpty, z.string().optional());

/** A count of milliseconds (or a port): a non-negative whole number. */
const wholeNumber = (fallback: number) =>
  z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "must be a non-negative integer" })
      .refine((value) => Number.isSafeInteger(value) && value >= 0, {
        error: "must be a non-negative integer",
      })
      .default(fallback),
  );

/** `1`/`true` on, `0`/`false` or unset off; anything else is a mistake worth saying. */
const flag = z.preprocess(
  unsetIfEmpty,
  z
    .enum(["1", "true", "0", "false"], { error: "must be 1 or 0" })
    .optional()
    .transform((value) => value === "1" || value === "true"),
);

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const satisfies readonly LogLevel[];

/** Every environment variable the relay reads, with its default. */
export const relayEnvSchema = z.object({
  PARLEY_CONFIG: z.preprocess(
    unsetIfEmpty,
    z.string({
      error:
        "is not set: give a path to a site config JSON (e.g. examples/techcorp/parley.config.json)",
    }),
  ),
  PORT: wholeNumber(8787),
  HOST: z.preprocess(unsetIfEmpty, z.string().default("127.0.0.1")),
  DATABASE_URL: z.preprocess(unsetIfEmpty, z.string().default("file:./data/parley.db")),
  DATABASE_AUTH_TOKEN: optionalText,
  PARLEY_SECRET: z.preprocess(
    unsetIfEmpty,
    z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  ),
  PARLEY_ADMIN_TOKEN: optionalText,
  PARLEY_PUBLIC_URL: z.preprocess(unsetIfEmpty, z.url({ error: "must be a URL" }).optional()),
  PARLEY_TRUST_PROXY: flag,
  PARLEY_SESSION_TTL_MS: wholeNumber(DEFAULT_OPTIONS.sessionTtlMs),
  PARLEY_HANDOFF_OFFER_TIMEOUT_MS: wholeNumber(DEFAULT_OPTIONS.handoffOfferTimeoutMs),
  PARLEY_OUTBOX_WORKER: z.preprocess(
    unsetIfEmpty,
    z
      .enum(["thread", "inline", "0", "off", "1"], { error: "must be thread, inline or 0" })
      .optional(),
  ),
  PARLEY_OUTBOX_LEASE_MS: wholeNumber(WORKER_DEFAULTS.leaseMs),
  PARLEY_OUTBOX_POLL_MS: wholeNumber(WORKER_DEFAULTS.pollMs),
  PARLEY_OUTBOX_BACKOFF_MS: wholeNumber(WORKER_DEFAULTS.backoffBaseMs),
  PARLEY_LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  PARLEY_ACCESS_LOG: flag,
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  PARLEY_TWILIO_BASE_URL: z.preprocess(unsetIfEmpty, z.url({ error: "must be a URL" }).optional()),
  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: z.preprocess(unsetIfEmpty, z.url({ error: "must be a URL" }).optional()),
});

export type RelayEnv = z.infer<typeof relayEnvSchema>;

/** Parses `env` (process.env); a bad value is a ConfigError naming each variable and why. */
export function parseRelayEnv(env: NodeJS.ProcessEnv): RelayEnv {
  const result = relayEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new ConfigError(problems.join("; "));
}

/**
 * The log level alone, read before anything else so the logger exists to report a bad config:
 * an unknown value is a ConfigError (it used to make the threshold NaN and log everything).
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const result = relayEnvSchema.shape.PARLEY_LOG_LEVEL.safeParse(env.PARLEY_LOG_LEVEL);
  if (result.success) return result.data;
  throw new ConfigError(`PARLEY_LOG_LEVEL ${result.error.issues[0]!.message}`);
}

export interface ServerSettings {
  port: number;
  host: string;
  /** PARLEY_OUTBOX_WORKER as given (server.ts decides the default from the database). */
  outboxWorker: RelayEnv["PARLEY_OUTBOX_WORKER"];
  relay: CreateRelayOptions;
}

export function providersFromEnv(env: RelayEnv, log: Logger): Providers {
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

export function settingsFromEnv(rawEnv: NodeJS.ProcessEnv, log: Logger): ServerSettings {
  const env = parseRelayEnv(rawEnv);
  const config = loadRelayConfig(env.PARLEY_CONFIG);
  const { PORT: port, HOST: host } = env;
  let secret = env.PARLEY_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString("hex");
    log.warn(
      "PARLEY_SECRET not set: using a random one; tokens will not survive a restart or work across processes",
    );
  }
  const publicUrl =
    env.PARLEY_PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  const worker = {
    leaseMs: env.PARLEY_OUTBOX_LEASE_MS,
    pollMs: env.PARLEY_OUTBOX_POLL_MS,
    backoffBaseMs: env.PARLEY_OUTBOX_BACKOFF_MS,
  };
  const workerOff = env.PARLEY_OUTBOX_WORKER === "0" || env.PARLEY_OUTBOX_WORKER === "off";
  return {
    port,
    host,
    outboxWorker: env.PARLEY_OUTBOX_WORKER,
    relay: {
      sites: config.sites,
      limits: config.limits,
      databaseUrl: env.DATABASE_URL,
      ...(env.DATABASE_AUTH_TOKEN ? { databaseAuthToken: env.DATABASE_AUTH_TOKEN } : {}),
      options: {
        secret,
        ...(env.PARLEY_ADMIN_TOKEN ? { adminToken: env.PARLEY_ADMIN_TOKEN } : {}),
        publicUrl,
        trustProxy: env.PARLEY_TRUST_PROXY,
        sessionTtlMs: env.PARLEY_SESSION_TTL_MS,
        handoffOfferTimeoutMs: env.PARLEY_HANDOFF_OFFER_TIMEOUT_MS,
      },
      providers: providersFromEnv(env, log),
      worker: workerOff ? false : worker,
      defaultMetrics: true,
      accessLog: env.PARLEY_ACCESS_LOG,
      log,
    },
  };
}
