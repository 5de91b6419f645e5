import { readFileSync } from "node:fs";
import { TECHCORP_CONFIG_PATH } from "./test-relay";

/** The TechCorp config with limits raised for load, crash and multi-process tests (inline JSON). */
export function loadTestConfig(): string {
  const site = JSON.parse(readFileSync(TECHCORP_CONFIG_PATH, "utf8")) as object;
  return JSON.stringify({
    sites: [site],
    limits: {
      sessionsPerIpPerHour: 10_000,
      actionsPerSession: 1_000_000,
      actionsPerIpPerMinute: 1_000_000,
      messagesPerDestinationPerDay: 1_000,
      messagesPerSitePerDay: 1_000_000,
    },
  });
}

/** i → a distinct, valid Indian mobile number (+9198765xxxxx). */
export const phoneFor = (i: number) => `+9198765${String(i).padStart(5, "0")}`;
