#!/usr/bin/env node
// `pnpm bench`: run every benchmark the project ships, then write docs/performance.md with each
// one's printed table, the machine it ran on, the command that produced it, and a chart of the
// voice-to-voice breakdown per stage against the brief's budget.
//
// Convention: a benchmark prints its human-readable table, and may also print one line
//   BENCH_JSON {"name": "...", ...}
// with machine-readable figures; the voice benchmark's `stages` (median ms per stage) feed the chart.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { knowledgeScalingSvg, relayLoadSvg } from "./bench-charts.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const BENCHES = [
  { id: "core", title: "Dialogue core (Lite brain decision time)", command: "pnpm bench:core" },
  {
    id: "knowledge",
    title: "Knowledge index (build, query, size, recall)",
    command: "pnpm bench:knowledge",
  },
  { id: "relay", title: "Relay (POST /v1/actions under load)", command: "pnpm bench:relay" },
  {
    id: "relay-load",
    title:
      "Relay under 50 concurrent scripted calls (records, outbox, dashboard feed, CPU, memory)",
    command: "pnpm bench:relay-load",
  },
  {
    id: "voice",
    title: "Voice pipeline in Chromium (voice-to-voice)",
    command: "pnpm bench:voice",
  },
];

// The brief's budget per stage, ms (low–high).
const BUDGET = {
  stt_ms: [600, 800],
  retrieval_ms: [100, 300],
  brain_ms: [800, 1200],
  tts_first_audio_ms: [400, 600],
};
const STAGE_LABELS = {
  stt_ms: "STT (Whisper)",
  retrieval_ms: "Retrieval (RAG)",
  brain_ms: "Brain (LLM / Lite)",
  tts_first_audio_ms: "TTS to first audio",
};

function machine() {
  const cpus = os.cpus();
  const chromium = spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" });
  return {
    cpu: `${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium: chromium.status === 0 ? chromium.stdout.trim() : "not installed",
  };
}

function runBench(bench) {
  console.log(`\n▸ ${bench.command}`);
  const started = Date.now();
  const r = spawnSync("sh", ["-c", `${bench.command} 2>&1`], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const output = r.stdout ?? "";
  process.stdout.write(output);
  const json = output
    .split("\n")
    .filter((l) => l.startsWith("BENCH_JSON "))
    .map((l) => {
      try {
        return JSON.parse(l.slice("BENCH_JSON ".length));
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  const table = output
    .split("\n")
    .filter((l) => !l.startsWith("BENCH_JSON ") && !/^\s*>\s/.test(l) && !/^\$ /.test(l))
    .join("\n")
    .trim();
  return {
    ...bench,
    ok: r.status === 0,
    status: r.status,
    seconds: (Date.now() - started) / 1000,
    table,
    json,
  };
}

function chartSvg(stages) {
  const keys = Object.keys(BUDGET);
  const rowH = 46;
  const left = 170;
  const width = 760;
  const maxMs = Math.max(...keys.map((k) => Math.max(stages[k] ?? 0, BUDGET[k][1]))) * 1.1;
  const scale = (ms) => ((width - left - 40) * ms) / maxMs;
  const rows = keys
    .map((k, i) => {
      const y = 40 + i * rowH;
      const v = stages[k];
      const [lo, hi] = BUDGET[k];
      return [
        `<text x="10" y="${y + 18}" font-size="13">${STAGE_LABELS[k]}</text>`,
        `<rect x="${left + scale(lo)}" y="${y}" width="${scale(hi - lo)}" height="28" fill="#f3d9a4"/>`,
        v === undefined
          ? `<text x="${left + 4}" y="${y + 18}" font-size="12" fill="#666">not measured</text>`
          : `<rect x="${left}" y="${y + 7}" width="${Math.max(1, scale(v))}" height="14" fill="#2457c5"/>` +
            `<text x="${left + scale(v) + 6}" y="${y + 19}" font-size="12">${Math.round(v)} ms</text>`,
      ].join("");
    })
    .join("");
  const h = 60 + keys.length * rowH;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="bold">Voice-to-voice per stage: median (blue) vs the brief's budget (sand)</text>
${rows}
</svg>
`;
}

const m = machine();
const results = BENCHES.filter((b) => only.length === 0 || only.includes(b.id)).map(runBench);
const voice = results.find((r) => r.id === "voice")?.json.find((j) => j.stages);
const docs = path.join(root, "docs");
mkdirSync(docs, { recursive: true });
if (voice) writeFileSync(path.join(docs, "voice-to-voice.svg"), chartSvg(voice.stages));
// Each benchmark's own chart, drawn from its BENCH_JSON and shown above its table.
const CHARTS = [
  {
    id: "knowledge",
    json: "knowledge_scaling",
    file: "knowledge-scaling.svg",
    draw: knowledgeScalingSvg,
  },
  { id: "relay-load", json: "relay_concurrency", file: "relay-load.svg", draw: relayLoadSvg },
];
const chartOf = new Map();
for (const chart of CHARTS) {
  const figures = results.find((r) => r.id === chart.id)?.json.find((j) => j.name === chart.json);
  if (!figures) continue;
  writeFileSync(path.join(docs, chart.file), chart.draw(figures));
  chartOf.set(chart.id, chart.file);
}

const lines = [
  "# Parley performance report",
  "",
  "Written by `pnpm bench` (scripts/bench.mjs); every figure below was printed by the command named",
  "above it, on this machine:",
  "",
  `- CPU: ${m.cpu}; memory: ${m.memory}; OS: ${m.os}`,
  `- Node ${m.node}; ${m.chromium}`,
  `- Date: ${new Date().toISOString()}`,
  "",
];
if (voice) {
  lines.push(
    "## Voice-to-voice against the brief's budget",
    "",
    "![voice-to-voice per stage](voice-to-voice.svg)",
    "",
  );
  lines.push(
    "| stage | median (ms) | brief's budget (ms) | within budget |",
    "| --- | ---: | ---: | --- |",
  );
  for (const [k, [lo, hi]] of Object.entries(BUDGET)) {
    const v = voice.stages[k];
    lines.push(
      `| ${STAGE_LABELS[k]} | ${v === undefined ? "—" : Math.round(v)} | ${lo}–${hi} | ${v === undefined ? "—" : v <= hi ? "yes" : "no"} |`,
    );
  }
  if (voice.voice_to_voice_ms !== undefined) {
    lines.push(
      `| **voice-to-voice** | **${Math.round(voice.voice_to_voice_ms)}** | ~2000 | ${voice.voice_to_voice_ms <= 2000 ? "yes" : "no"} |`,
    );
  }
  lines.push("");
}
for (const r of results) {
  lines.push(
    `## ${r.title}`,
    "",
    `Command: \`${r.command}\` (${r.seconds.toFixed(0)} s${r.ok ? "" : `, exited with ${r.status}`})`,
    "",
  );
  if (chartOf.has(r.id)) lines.push(`![${r.title}](${chartOf.get(r.id)})`, "");
  lines.push("```", r.table || "(no output)", "```", "");
}
const report = path.join(docs, "performance.md");
writeFileSync(
  report,
  only.length > 0 && existsSync(report)
    ? spliceSections(readFileSync(report, "utf8"), lines.join("\n"))
    : lines.join("\n"),
);
console.log(
  `\nWrote docs/performance.md${[...(voice ? ["voice-to-voice.svg"] : []), ...chartOf.values()].map((f) => ` and docs/${f}`).join("")}`,
);

/**
 * `pnpm bench knowledge` (some benchmarks only): replace those sections of the existing report
 * and keep the others' figures, instead of a report with only the ones just run. The header
 * (machine, date) is the new run's; a section is a "## " heading up to the next one.
 */
function spliceSections(previous, fresh) {
  const split = (text) => {
    const [head, ...rest] = text.split(/^(?=## )/m);
    return { head, sections: rest.map((body) => ({ title: body.split("\n")[0], body })) };
  };
  const old = split(previous);
  const now = split(fresh);
  const replaced = new Map(now.sections.map((section) => [section.title, section.body]));
  const kept = old.sections.map((section) => replaced.get(section.title) ?? section.body);
  const added = now.sections
    .filter((section) => !old.sections.some((o) => o.title === section.title))
    .map((section) => section.body);
  const note = `_Partial run (\`pnpm bench ${only.join(" ")}\`): the machine and date above are this run's; the other sections are kept from the previous report._\n\n`;
  return [now.head, note, ...kept, ...added].join("");
}
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.error(`Benchmarks that failed: ${failed.map((f) => f.id).join(", ")}`);
  process.exit(1);
}
