/**
 * Uploaded knowledge indexes, kept in the database (so every relay process, and a libSQL server,
 * sees the same files). Upload: PUT each file (staged, content-addressed by sha256), then PUT
 * manifest.json, which publishes a new version in one transaction only if every file the
 * manifest lists is present with the right size and hash. Readers only ever see whole versions.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import { KnowledgeManifest, parseWith } from "@parley/protocol";
import { knowledgeBlobs, knowledgeFiles, knowledgeStaging, knowledgeVersions } from "../db/schema";
import type { Db, Store, Tx } from "../db/store";
import { publish } from "../feed";
import { badRequest, unprocessable } from "../http/errors";

export const MANIFEST_PATH = "manifest.json";

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export interface PublishedVersion {
  id: number;
  manifest: KnowledgeManifest;
  manifestSha256: string;
  publishedAt: number;
}

export async function currentVersion(
  db: Db | Tx,
  siteId: string,
): Promise<PublishedVersion | null> {
  const [row] = await db
    .select()
    .from(knowledgeVersions)
    .where(eq(knowledgeVersions.siteId, siteId))
    .orderBy(desc(knowledgeVersions.id))
    .limit(1);
  return row
    ? {
        id: row.id,
        manifest: row.manifest as KnowledgeManifest,
        manifestSha256: row.manifestSha256,
        publishedAt: row.publishedAt,
      }
    : null;
}

async function putBlob(tx: Tx, bytes: Buffer, sha: string, now: number): Promise<void> {
  await tx
    .insert(knowledgeBlobs)
    .values({ sha256: sha, bytes: bytes.length, content: bytes, createdAt: now })
    .onConflictDoNothing();
}

/** Stages one file of an upload; returns its sha256. */
export async function stageFile(
  store: Store,
  siteId: string,
  path: string,
  bytes: Buffer,
  now: number,
): Promise<string> {
  const sha = sha256Hex(bytes);
  await store.write(async (tx) => {
    await putBlob(tx, bytes, sha, now);
    await tx
      .insert(knowledgeStaging)
      .values({ siteId, path, sha256: sha, uploadedAt: now })
      .onConflictDoUpdate({
        target: [knowledgeStaging.siteId, knowledgeStaging.path],
        set: { sha256: sha, uploadedAt: now },
      });
  });
  return sha;
}

/** Validates and publishes a manifest; every listed file must be staged or already published. */
export async function publishManifest(
  store: Store,
  siteId: string,
  bytes: Buffer,
  now: number,
): Promise<PublishedVersion> {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw badRequest("manifest.json is not valid JSON", "invalid_manifest");
  }
  const parsed = parseWith(KnowledgeManifest, data);
  if (!parsed.ok) throw badRequest(`manifest.json: ${parsed.error}`, "invalid_manifest");
  const manifest = parsed.value;
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const doc of manifest.documents) {
    if (doc.file && !listed.has(doc.file)) {
      throw unprocessable(
        `document ${doc.id}: its file ${doc.file} is not listed in files`,
        "manifest_incomplete",
      );
    }
  }
  const manifestSha = sha256Hex(bytes);
  return store.write(async (tx) => {
    const staged = await tx
      .select()
      .from(knowledgeStaging)
      .where(eq(knowledgeStaging.siteId, siteId));
    const stagedByPath = new Map(staged.map((s) => [s.path, s.sha256]));
    const previous = await currentVersion(tx, siteId);
    const previousByPath = new Map<string, string>();
    if (previous) {
      const files = await tx
        .select()
        .from(knowledgeFiles)
        .where(eq(knowledgeFiles.versionId, previous.id));
      for (const f of files) previousByPath.set(f.path, f.sha256);
    }
    const wanted = manifest.files.filter((f) => f.path !== MANIFEST_PATH);
    const shas = [...new Set(wanted.map((f) => f.sha256))];
    const blobs = shas.length
      ? await tx
          .select({ sha256: knowledgeBlobs.sha256, bytes: knowledgeBlobs.bytes })
          .from(knowledgeBlobs)
          .where(inArray(knowledgeBlobs.sha256, shas))
      : [];
    const blobBytes = new Map(blobs.map((b) => [b.sha256, b.bytes]));
    const problems: string[] = [];
    for (const file of wanted) {
      const have =
        stagedByPath.get(file.path) === file.sha256 ||
        previousByPath.get(file.path) === file.sha256;
      if (!have || !blobBytes.has(file.sha256))
        problems.push(`${file.path} was not uploaded (or its sha256 differs)`);
      else if (blobBytes.get(file.sha256) !== file.bytes)
        problems.push(
          `${file.path} has ${blobBytes.get(file.sha256)} bytes, manifest says ${file.bytes}`,
        );
    }
    if (problems.length)
      throw unprocessable(
        `manifest not published: ${problems.slice(0, 5).join("; ")}`,
        "manifest_incomplete",
      );
    await putBlob(tx, bytes, manifestSha, now);
    const [version] = await tx
      .insert(knowledgeVersions)
      .values({ siteId, manifest, manifestSha256: manifestSha, publishedAt: now })
      .returning({ id: knowledgeVersions.id });
    const versionId = version!.id;
    const rows = [
      ...wanted.map((f) => ({ versionId, path: f.path, sha256: f.sha256 })),
      { versionId, path: MANIFEST_PATH, sha256: manifestSha },
    ];
    for (let i = 0; i < rows.length; i += 200)
      await tx.insert(knowledgeFiles).values(rows.slice(i, i + 200));
    await tx.delete(knowledgeStaging).where(eq(knowledgeStaging.siteId, siteId));
    await publish(tx, {
      siteId,
      topic: "knowledge.published",
      entityId: String(versionId),
      data: { versionId, documents: manifest.documents.length, files: manifest.files.length },
      at: now,
    });
    return { id: versionId, manifest, manifestSha256: manifestSha, publishedAt: now };
  });
}

export interface StoredFile {
  sha256: string;
  content: Buffer;
  versionId: number;
}

/** A file of the site's current published version, or null. */
export async function readPublishedFile(
  store: Store,
  siteId: string,
  path: string,
): Promise<StoredFile | null> {
  return store.read(async (db) => {
    const version = await currentVersion(db, siteId);
    if (!version) return null;
    const [row] = await db
      .select({ sha256: knowledgeFiles.sha256, content: knowledgeBlobs.content })
      .from(knowledgeFiles)
      .innerJoin(knowledgeBlobs, eq(knowledgeBlobs.sha256, knowledgeFiles.sha256))
      .where(and(eq(knowledgeFiles.versionId, version.id), eq(knowledgeFiles.path, path)))
      .limit(1);
    return row
      ? { sha256: row.sha256, content: Buffer.from(row.content), versionId: version.id }
      : null;
  });
}

export type KnowledgeDocument = KnowledgeManifest["documents"][number];

/** A document of the current version by id, or the first attachable one whose id/title matches. */
export async function findDocument(
  store: Store,
  siteId: string,
  query: { id?: string; titleLike?: RegExp },
): Promise<KnowledgeDocument | null> {
  const version = await store.read((db) => currentVersion(db, siteId));
  if (!version) return null;
  const docs = version.manifest.documents;
  if (query.id) return docs.find((d) => d.id === query.id) ?? null;
  if (query.titleLike) {
    const re = query.titleLike;
    return (
      docs.find((d) => d.attachable && (re.test(d.id) || re.test(d.title) || re.test(d.source))) ??
      null
    );
  }
  return null;
}
