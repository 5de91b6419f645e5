import { useEffect, useState } from "react";
import { MESSAGING_ACTIONS } from "@parley/protocol";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { PageProps } from "../App";
import { api } from "../api";
import { percent, seconds, siteTime } from "../format";
import { RangePicker, rangeQuery, type Range } from "./RangePicker";

interface Ratio {
  count: number;
  total: number;
  percent: number | null;
}
interface Channel {
  requested: number;
  sent: number;
  delivered: number;
  devOutbox: number;
  failed: number;
}
export interface Metrics {
  from: number;
  to: number;
  totalCalls: number;
  turns: number;
  avgVoiceToVoiceMs: number | null;
  p90VoiceToVoiceMs: number | null;
  stageBreakdown: Record<string, number | null>;
  ragUsage: Ratio;
  autonomous: Ratio;
  escalations: Ratio;
  /** Per messaging channel of the protocol's registry. */
  messages: Record<string, Channel>;
  callbacksDue: number;
  satisfaction: {
    average: number | null;
    predictedAverage: number | null;
    ratingAverage: number | null;
    ratings: number;
    calls: number;
  };
  series: { at: number; calls: number; avgVoiceToVoiceMs: number | null; escalations: number }[];
}

const STAGES: [string, string][] = [
  ["stt_ms", "STT"],
  ["retrieval_ms", "Retrieval"],
  ["brain_first_token_ms", "First token"],
  ["brain_ms", "Brain"],
  ["tts_first_audio_ms", "First audio"],
];

function Stat({
  label,
  value,
  id,
  detail,
}: {
  label: string;
  value: string;
  id: string;
  detail?: string;
}) {
  return (
    <div className="stat">
      <span>{label}</span>
      <strong data-metric={id}>{value}</strong>
      {detail && <small>{detail}</small>}
    </div>
  );
}

const ratioText = (r: Ratio) => `${r.count}/${r.total} (${percent(r.percent)})`;

export function MetricsPage({ site }: PageProps) {
  const [range, setRange] = useState<Range>({ kind: "hour" });
  const [m, setM] = useState<Metrics | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const load = () =>
      api<Metrics>("GET", `/metrics?site=${encodeURIComponent(site.id)}&${rangeQuery(range)}`).then(
        (r) => {
          setM(r);
          setError("");
        },
        (e: Error) => setError(e.message),
      );
    void load();
    const t = range.kind === "custom" ? undefined : setInterval(() => void load(), 10_000);
    return () => clearInterval(t);
  }, [site.id, range]);

  return (
    <section>
      <h1>Performance metrics</h1>
      <div className="toolbar">
        <RangePicker value={range} onChange={setRange} tz={site.timezone} />
        <a
          className="button"
          href={`/dashboard/api/export/calls.csv?site=${encodeURIComponent(site.id)}&${rangeQuery(range)}`}
          download
        >
          Export calls CSV
        </a>
      </div>
      {error && <p role="alert">{error}</p>}
      {m && (
        <>
          <p className="muted">
            {siteTime(m.from, site.timezone)} – {siteTime(m.to, site.timezone)} ({site.timezone})
          </p>
          <div className="stats">
            <Stat label="Total calls" id="total-calls" value={String(m.totalCalls)} />
            <Stat
              label="Avg voice-to-voice"
              id="avg-v2v"
              value={seconds(m.avgVoiceToVoiceMs)}
              detail={`${m.turns} turns`}
            />
            <Stat label="p90 voice-to-voice" id="p90-v2v" value={seconds(m.p90VoiceToVoiceMs)} />
            <Stat label="RAG usage" id="rag" value={ratioText(m.ragUsage)} />
            <Stat label="Autonomous resolution" id="autonomous" value={ratioText(m.autonomous)} />
            <Stat label="Escalations" id="escalations" value={ratioText(m.escalations)} />
            {MESSAGING_ACTIONS.map(({ channel, label }) => {
              const counts = m.messages[channel];
              if (!counts) return null;
              return (
                <Stat
                  key={channel}
                  label={`${label} sent / delivered`}
                  id={channel}
                  value={`${counts.sent} / ${counts.delivered}`}
                  detail={`${counts.requested} requested${counts.devOutbox ? `, ${counts.devOutbox} in dev outbox (not sent)` : ""}`}
                />
              );
            })}
            <Stat label="Callbacks due" id="callbacks-due" value={String(m.callbacksDue)} />
            <Stat
              label="Avg satisfaction"
              id="satisfaction"
              value={
                m.satisfaction.average == null ? "—" : `${m.satisfaction.average.toFixed(1)}/5`
              }
              detail={`predicted ${m.satisfaction.predictedAverage?.toFixed(1) ?? "—"} · rated ${m.satisfaction.ratingAverage?.toFixed(1) ?? "—"} (${m.satisfaction.ratings})`}
            />
          </div>
          <div className="charts">
            <figure>
              <figcaption>Calls and escalations</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart
                  data={m.series.map((s) => ({
                    ...s,
                    label: siteTime(s.at, site.timezone).slice(0, 5),
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="calls" name="Calls" fill="#2563eb" />
                  <Bar dataKey="escalations" name="Escalations" fill="#d97706" />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <figure>
              <figcaption>Average voice-to-voice (ms)</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <LineChart
                  data={m.series.map((s) => ({
                    ...s,
                    label: siteTime(s.at, site.timezone).slice(0, 5),
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis />
                  <Tooltip />
                  <Line
                    type="monotone"
                    dataKey="avgVoiceToVoiceMs"
                    name="avg ms"
                    stroke="#16a34a"
                    connectNulls
                  />
                </LineChart>
              </ResponsiveContainer>
            </figure>
            <figure>
              <figcaption>Per-stage breakdown (average ms per turn)</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart
                  data={STAGES.map(([k, label]) => ({
                    stage: label,
                    ms: m.stageBreakdown[k] == null ? 0 : Math.round(m.stageBreakdown[k]!),
                  }))}
                  layout="vertical"
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" />
                  <YAxis type="category" dataKey="stage" width={90} />
                  <Tooltip />
                  <Bar dataKey="ms" name="ms" fill="#7c3aed" />
                </BarChart>
              </ResponsiveContainer>
              <table className="compact" data-testid="stage-table">
                <tbody>
                  {STAGES.map(([k, label]) => (
                    <tr key={k}>
                      <th scope="row">{label}</th>
                      <td data-stage={k}>
                        {m.stageBreakdown[k] == null
                          ? "—"
                          : `${Math.round(m.stageBreakdown[k]!)} ms`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </figure>
          </div>
        </>
      )}
    </section>
  );
}
