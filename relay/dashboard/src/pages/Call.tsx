import { useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteTime, words } from "../format";
import type { CallCard } from "../types";
import { Card } from "./Live";

interface Line {
  id: number;
  speaker: string;
  text: string | null;
  intent: string | null;
  stage: string | null;
  sentiment: string | null;
  at: number;
  timings: Record<string, number> | null;
  usedKnowledge: boolean | null;
  docCount: number | null;
  topScore: number | null;
  brain: string | null;
}

const TIMING_LABELS: [string, string][] = [
  ["stt_ms", "STT"],
  ["retrieval_ms", "retrieval"],
  ["brain_first_token_ms", "first token"],
  ["brain_ms", "brain"],
  ["tts_first_audio_ms", "first audio"],
  ["voice_to_voice_ms", "voice-to-voice"],
  ["turn_ms", "turn"],
];

export function CallPage({ site, id }: PageProps & { id: string }) {
  const [data, setData] = useState<{ card: CallCard; transcript: Line[] } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const load = () =>
      api<{ card: CallCard; transcript: Line[] }>("GET", `/calls/${encodeURIComponent(id)}`).then(
        setData,
        (e: Error) => setError(e.message),
      );
    void load();
    const t = setInterval(() => void load(), 3000);
    return () => clearInterval(t);
  }, [id]);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p className="loading">Loading…</p>;
  return (
    <section>
      <h1>Call {data.card.visitor}</h1>
      <Card call={data.card} n={1} now={Date.now()} tz={site.timezone} />
      <h2>Transcript</h2>
      <ol className="transcript">
        {data.transcript.map((m) => (
          <li key={m.id} className={`line ${m.speaker}`}>
            <div className="meta">
              <time>{siteTime(m.at, site.timezone)}</time> · <strong>{words(m.speaker)}</strong>
              {m.intent ? ` · ${words(m.intent)}` : ""}
              {m.stage ? ` · ${words(m.stage)}` : ""}
              {m.sentiment ? ` · ${m.sentiment}` : ""}
              {m.usedKnowledge
                ? ` · knowledge (${m.docCount ?? 0} docs${m.topScore != null ? `, top ${m.topScore.toFixed(2)}` : ""})`
                : ""}
              {m.brain ? ` · ${m.brain}` : ""}
            </div>
            <p>{m.text ?? <em>(transcript logging is off)</em>}</p>
            {m.timings && (
              <p className="timings" data-field="timings">
                {TIMING_LABELS.filter(([k]) => m.timings?.[k] != null)
                  .map(([k, label]) => `${label} ${Math.round(m.timings![k]!)} ms`)
                  .join(" · ")}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
