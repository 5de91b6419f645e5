// Charts for docs/performance.md drawn from the benchmarks' BENCH_JSON lines (scripts/bench.mjs):
// the knowledge index's search and load time as the index grows, and the relay's latencies in the
// 50-call load run. Plain SVG, no dependencies, so `pnpm bench` draws them wherever it runs.

const esc = (text) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;");
const COLORS = ["#2457c5", "#7aa2f7", "#d9822b", "#3a9d5d"];

/**
 * Horizontal grouped bars: one group per row label, one bar per series, each labelled with its
 * value. `log` draws lengths on a log scale (values that grow 10× per row stay readable).
 */
export function barChartSvg({ title, subtitle, groups, series, unit, log = false }) {
  const left = 150;
  const width = 760;
  const barH = 14;
  const groupH = series.length * (barH + 4) + 14;
  const top = subtitle ? 58 : 44;
  const values = groups.flatMap((g) => g.values).filter((v) => typeof v === "number");
  const max = Math.max(...values, 1e-9);
  const min = Math.min(...values.filter((v) => v > 0), max);
  const lo = log ? Math.log10(min) - 0.3 : 0;
  const span = (log ? Math.log10(max) : max) - lo;
  const length = (v) => {
    const usable = width - left - 110;
    const x = log ? Math.log10(Math.max(v, min)) - lo : v;
    return Math.max(2, (usable * x) / span);
  };
  const rows = groups
    .map((group, gi) => {
      const y0 = top + 26 + gi * groupH;
      const bars = group.values
        .map((v, si) => {
          const y = y0 + si * (barH + 4);
          if (typeof v !== "number")
            return `<text x="${left + 4}" y="${y + 11}" font-size="11" fill="#666">${esc(series[si])}: not measured</text>`;
          return (
            `<rect x="${left}" y="${y}" width="${length(v)}" height="${barH}" fill="${COLORS[si % COLORS.length]}"/>` +
            `<text x="${left + length(v) + 6}" y="${y + 11}" font-size="11">${esc(`${v} ${unit}`)}</text>`
          );
        })
        .join("");
      return `<text x="10" y="${y0 + 12}" font-size="13">${esc(group.label)}</text>${bars}`;
    })
    .join("\n");
  const legend = series
    .map(
      (name, si) =>
        `<rect x="${left + si * 150}" y="${top}" width="12" height="12" fill="${COLORS[si % COLORS.length]}"/>` +
        `<text x="${left + si * 150 + 16}" y="${top + 10}" font-size="12">${esc(name)}</text>`,
    )
    .join("");
  const height = top + 36 + groups.length * groupH;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="bold">${esc(title)}</text>
${subtitle ? `<text x="10" y="42" font-size="12" fill="#444">${esc(subtitle)}</text>` : ""}
${legend}
${rows}
</svg>
`;
}

/** BENCH_JSON {name: "knowledge_scaling", rows: [{chunks, search_p50_ms, search_p95_ms, load_ms}]} */
export function knowledgeScalingSvg(scaling) {
  return barChartSvg({
    title: "Knowledge index: search and load time as the index grows",
    subtitle: "exact cosine + BM25, k=3, synthetic 512-d vectors; log scale",
    series: ["search p50", "search p95", "load (parse + BM25 postings)"],
    unit: "ms",
    log: true,
    groups: scaling.rows.map((row) => ({
      label: `${row.chunks.toLocaleString("en")} chunks`,
      values: [row.search_p50_ms, row.search_p95_ms, row.load_ms],
    })),
  });
}

/** BENCH_JSON {name: "relay_concurrency", latencyMs, burst, feedLagMs, calls, …} (relay/load). */
export function relayLoadSvg(figures) {
  return barChartSvg({
    title: `Relay under ${figures.calls} concurrent scripted calls: latency`,
    subtitle: `${figures.requests} requests in ${figures.durationS} s; machine load ${figures.machineLoadAverage} on ${figures.cores} cores`,
    series: ["p50", "p95", "p99 (all requests) / max (burst, feed)"],
    unit: "ms",
    groups: [
      {
        label: "all requests",
        values: [figures.latencyMs.p50, figures.latencyMs.p95, figures.latencyMs.p99],
      },
      {
        label: `burst (${figures.burst.requests} at once)`,
        values: [figures.burst.p50, figures.burst.p95, figures.burst.max],
      },
      {
        label: "admin feed lag",
        values: [figures.feedLagMs.p50, figures.feedLagMs.p95, figures.feedLagMs.max],
      },
    ],
  });
}
