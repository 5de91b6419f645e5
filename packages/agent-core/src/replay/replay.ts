import { readFile } from "node:fs/promises";
import type { ActionRequest, AgentTurn, Order, SiteProfile } from "@parley/protocol";
import type { EngineTurn } from "../dialogue-engine";
import { createEngine } from "../engine-factory";
import { StoryError } from "../errors";
import type { Retriever } from "../retrieval/retriever";
import { mismatches } from "./match";
import { Story } from "./story";

export interface ReplayedTurn {
  user: string;
  turn: AgentTurn;
  pass: boolean;
  mismatches: string[];
  /** What the widget would hand to the relay, and say after it. */
  requests: ActionRequest[];
  followUp: string | null;
}

export interface ReplayReport {
  story: string | null;
  greeting: string | null;
  turns: ReplayedTurn[];
  passed: number;
  failed: number;
}

/** Validate a parsed story; a `StoryError` names the first bad field ("turns.2.user"). */
export function parseStory(data: unknown): Story {
  const parsed = Story.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.map(String).join(".") : "(root)";
    throw new StoryError(field, issue.message);
  }
  return parsed.data;
}

/** Read and validate a story file. */
export async function loadStory(path: string): Promise<Story> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new StoryError(
      "(file)",
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new StoryError("(file)", `not valid JSON (${(error as Error).message})`);
  }
  return parseStory(data);
}

export interface ReplayOptions {
  /** Knowledge to use instead of the story's inline passages (e.g. a built index). */
  retriever?: Retriever;
  /** Called with each engine result (benchmarks read timings from here). */
  onTurn?: (result: EngineTurn) => void;
}

/**
 * Play a story through a fresh dialogue engine (`createEngine`, as the widget builds it) with the
 * Lite brain, at the story's fixed "now",
 * with its orders as the order system, and simulate the relay's answers (ticket numbers).
 */
export async function replayStory(
  story: Story,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const { now, ...siteFields } = story.site;
  const site: SiteProfile = siteFields;
  const orders = new Map<string, Order>();
  for (const [id, o] of Object.entries(story.orders ?? {}))
    orders.set(id.toUpperCase(), { ...o, order_id: o.order_id ?? id });
  const engine = createEngine({
    site,
    ...(story.lead ? { lead: story.lead } : {}),
    knowledge: options.retriever ?? story.knowledge ?? null,
    lookupOrder: async (id) => orders.get(id.toUpperCase()) ?? null,
    now: () => new Date(now),
    sessionKey: "replay",
    visitorId: "replay_visitor",
  });
  const greeting = story.greet ? engine.greet() : null;
  const turns: ReplayedTurn[] = [];
  let ticketNumber = 12345;
  for (const step of story.turns) {
    const result = await engine.decide(step.user);
    options.onTurn?.(result);
    const problems = mismatches(step.expect, result);
    turns.push({
      user: step.user,
      turn: result.turn,
      pass: problems.length === 0,
      mismatches: problems,
      requests: result.requests,
      followUp: result.followUp,
    });
    // The relay answers create_ticket with a number; later turns can then update it.
    for (const r of result.requests)
      if (r.type === "create_ticket")
        turns
          .at(-1)!
          .requests.push(
            ...engine.actionResult(r.idempotencyKey, { ticketNumber: ticketNumber++ }),
          );
  }
  const passed = turns.filter((t) => t.pass).length;
  return { story: story.name ?? null, greeting, turns, passed, failed: turns.length - passed };
}
