import { useEffect, useState } from "react";
import type { PageProps } from "../App";
import { api } from "../api";
import { siteDateTime } from "../format";

interface Manifest {
  createdAt: string;
  embedder: { id: string; dims: number };
  counts: { documents: number; chunks: number };
  threshold: { noAnswerBelow: number };
  files: { path: string; bytes: number }[];
  documents: {
    id: string;
    title: string;
    source: string;
    mediaType: string;
    attachable: boolean;
  }[];
}

interface Knowledge {
  latest: { id: number; publishedAt: number; manifestSha256: string; manifest: Manifest } | null;
  history: { id: number; publishedAt: number; manifestSha256: string }[];
}

export function KnowledgePage({ site }: PageProps) {
  const [k, setK] = useState<Knowledge | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api<Knowledge>("GET", `/knowledge?site=${encodeURIComponent(site.id)}`).then(setK, (e: Error) =>
      setError(e.message),
    );
  }, [site.id]);
  if (error) return <p role="alert">{error}</p>;
  if (!k) return <p className="loading">Loading…</p>;
  if (!k.latest)
    return (
      <section>
        <h1>Knowledge index</h1>
        <p>
          No index uploaded yet. Build and upload one with <code>pnpm knowledge-index build</code>{" "}
          and <code>upload</code>.
        </p>
      </section>
    );
  const m = k.latest.manifest;
  const bytes = m.files.reduce((a, f) => a + f.bytes, 0);
  return (
    <section>
      <h1>Knowledge index</h1>
      <dl className="facts">
        <dt>Version</dt>
        <dd>
          #{k.latest.id} (manifest {k.latest.manifestSha256.slice(0, 12)}…)
        </dd>
        <dt>Uploaded</dt>
        <dd>{siteDateTime(k.latest.publishedAt, site.timezone)}</dd>
        <dt>Built</dt>
        <dd>{m.createdAt}</dd>
        <dt>Embedder</dt>
        <dd>
          {m.embedder.id} ({m.embedder.dims}-d), no-answer below {m.threshold.noAnswerBelow}
        </dd>
        <dt>Size</dt>
        <dd>
          {m.counts.documents} documents, {m.counts.chunks} chunks, {(bytes / 1024).toFixed(0)} KiB
          in {m.files.length} files
        </dd>
      </dl>
      <h2>Documents</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Source</th>
              <th scope="col">Type</th>
              <th scope="col">Attachable</th>
            </tr>
          </thead>
          <tbody>
            {m.documents.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.title}</th>
                <td>{d.source}</td>
                <td>{d.mediaType}</td>
                <td>{d.attachable ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {k.history.length > 0 && (
        <>
          <h2>Earlier versions</h2>
          <ul>
            {k.history.map((v) => (
              <li key={v.id}>
                #{v.id} · {siteDateTime(v.publishedAt, site.timezone)} ·{" "}
                {v.manifestSha256.slice(0, 12)}…
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
