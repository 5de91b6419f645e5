/**
 * `PARLEY_CONFIG`: a path to a JSON file, or the JSON itself. Either one site (a SiteConfig, as
 * examples/techcorp/parley.config.json) or `{ "sites": [SiteConfig, …], "limits": {…} }`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { SiteConfig, parseWith } from "@parley/protocol";
import { Limits } from "./limits";

export const RelayConfigFile = z.strictObject({
  sites: z.array(SiteConfig).min(1).max(1000),
  limits: Limits.prefault({}),
});
export type RelayConfig = z.infer<typeof RelayConfigFile>;
export type RelayConfigInput = z.input<typeof RelayConfigFile>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseRelayConfig(data: unknown, source = "config"): RelayConfig {
  const wrapped =
    data && typeof data === "object" && !Array.isArray(data) && "sites" in data
      ? data
      : { sites: [data] };
  const parsed = parseWith(RelayConfigFile, wrapped);
  if (!parsed.ok) throw new ConfigError(`${source}: ${parsed.error}`);
  const ids = new Set<string>();
  for (const site of parsed.value.sites) {
    if (ids.has(site.id)) throw new ConfigError(`${source}: site id "${site.id}" appears twice`);
    ids.add(site.id);
    const agentIds = new Set<string>();
    for (const agent of site.agents) {
      if (agentIds.has(agent.id))
        throw new ConfigError(`${source}: agent id "${agent.id}" appears twice`);
      agentIds.add(agent.id);
    }
  }
  return parsed.value;
}

/** Reads PARLEY_CONFIG's value: inline JSON when it starts with "{", otherwise a file path. */
export function loadRelayConfig(value: string): RelayConfig {
  const trimmed = value.trim();
  const isInline = trimmed.startsWith("{");
  let text: string;
  try {
    text = isInline ? trimmed : readFileSync(trimmed, "utf8");
  } catch (error) {
    throw new ConfigError(`PARLEY_CONFIG: cannot read ${trimmed}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `PARLEY_CONFIG: ${isInline ? "inline JSON" : trimmed} is not JSON: ${(error as Error).message}`,
    );
  }
  return parseRelayConfig(data, isInline ? "PARLEY_CONFIG" : trimmed);
}
