import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { logLevelFromEnv, parseRelayEnv, relayEnvSchema, settingsFromEnv } from "./env";
import { ConfigError } from "./relay-config";

const SITE = fileURLToPath(
  new URL("../../../examples/techcorp/parley.config.json", import.meta.url),
);

describe("relay environment schema", () => {
  it("an unknown PARLEY_LOG_LEVEL is a ConfigError that names the variable and the levels", () => {
    expect(() => logLevelFromEnv({ PARLEY_LOG_LEVEL: "verbose" })).toThrow(ConfigError);
    expect(() => logLevelFromEnv({ PARLEY_LOG_LEVEL: "verbose" })).toThrow(
      /PARLEY_LOG_LEVEL must be one of debug, info, warn, error/,
    );
    expect(logLevelFromEnv({})).toBe("info");
    expect(logLevelFromEnv({ PARLEY_LOG_LEVEL: "" })).toBe("info");
    expect(logLevelFromEnv({ PARLEY_LOG_LEVEL: "warn" })).toBe("warn");
  });

  it("defaults every variable a local start leaves out", () => {
    const env = parseRelayEnv({ PARLEY_CONFIG: "site.json" });
    expect(env.PORT).toBe(8787);
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.DATABASE_URL).toBe("file:./data/parley.db");
    expect(env.PARLEY_LOG_LEVEL).toBe("info");
    expect(env.PARLEY_TRUST_PROXY).toBe(false);
    expect(env.PARLEY_ACCESS_LOG).toBe(false);
    expect(env.PARLEY_OUTBOX_LEASE_MS).toBe(60_000);
    expect(env.PARLEY_SESSION_TTL_MS).toBe(2 * 60 * 60 * 1000);
  });

  it("lists every bad variable at once, by name", () => {
    const read = () =>
      parseRelayEnv({
        PARLEY_CONFIG: "site.json",
        PORT: "eighty",
        PARLEY_SECRET: "short",
        PARLEY_OUTBOX_POLL_MS: "-5",
        PARLEY_TRUST_PROXY: "yes",
      });
    expect(read).toThrow(ConfigError);
    const message = (() => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/PORT must be a non-negative integer/);
    expect(message).toMatch(/PARLEY_SECRET must be at least 32 characters/);
    expect(message).toMatch(/PARLEY_OUTBOX_POLL_MS must be a non-negative integer/);
    expect(message).toMatch(/PARLEY_TRUST_PROXY must be 1 or 0/);
  });

  it("a missing PARLEY_CONFIG says what to give", () => {
    expect(() => parseRelayEnv({})).toThrow(/PARLEY_CONFIG is not set/);
  });

  it("settings carry parsed numbers and flags into the relay options", () => {
    const settings = settingsFromEnv(
      {
        PARLEY_CONFIG: SITE,
        PORT: "9001",
        PARLEY_SECRET: "x".repeat(32),
        PARLEY_TRUST_PROXY: "1",
        PARLEY_SESSION_TTL_MS: "60000",
        PARLEY_OUTBOX_WORKER: "0",
      },
      silentLogger,
    );
    expect(settings.port).toBe(9001);
    expect(settings.relay.options?.trustProxy).toBe(true);
    expect(settings.relay.options?.sessionTtlMs).toBe(60_000);
    expect(settings.relay.options?.publicUrl).toBe("http://127.0.0.1:9001");
    expect(settings.relay.worker).toBe(false);
  });

  it(".env.example lists every variable the schema reads, and its values parse", () => {
    const example = parseEnv(
      readFileSync(new URL("../../.env.example", import.meta.url), "utf8"),
    ) as NodeJS.ProcessEnv;
    expect(Object.keys(example).sort()).toEqual(Object.keys(relayEnvSchema.shape).sort());
    // The example's values are the defaults: reading it changes nothing.
    expect(parseRelayEnv({ ...example, PARLEY_CONFIG: SITE })).toEqual(
      parseRelayEnv({ PARLEY_CONFIG: SITE }),
    );
  });
});
