/**
 * The site's knowledge index, as uploaded by `knowledge-index upload`:
 *   PUT  /v1/sites/:siteId/knowledge/<path>        (admin token) stage one file, raw bytes
 *   PUT  /v1/sites/:siteId/knowledge/manifest.json (admin token) publish, atomically
 *   GET  /v1/sites/:siteId/knowledge/<path>        the published file (ETag = sha256)
 * and signed media links for documents sent to visitors:
 *   GET  /v1/media/:siteId/:documentId?exp=…&sig=…
 */
import { contentTypeFor } from "@parley/protocol/content-type";
import { Hono, type Context } from "hono";
import type { RelayContext } from "../context";
import { adminAuth } from "../http/admin-auth";
import type { AppEnv } from "../http/app-env";
import { limitBody } from "../http/body-limit";
import { RelayError, badRequest, forbidden, notFound, unauthorized } from "../http/errors";
import {
  MANIFEST_PATH,
  findDocument,
  publishManifest,
  readPublishedFile,
  stageFile,
} from "../knowledge/knowledge-store";
import { verifyMediaQuery } from "../tokens";

const SAFE_PATH = /^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]{1,300}$/;

function filePathOf(c: Context, siteId: string): string {
  const prefix = `/v1/sites/${siteId}/knowledge/`;
  const raw = decodeURIComponent(c.req.path.slice(c.req.path.indexOf(prefix) + prefix.length));
  if (!SAFE_PATH.test(raw))
    throw badRequest(
      "knowledge path must be a relative path of letters, digits, _ . / - without ..",
      "invalid_path",
    );
  return raw;
}

function serveFile(c: Context, content: Buffer, sha: string, path: string, cacheControl: string) {
  const etag = `"${sha}"`;
  c.header("ETag", etag);
  c.header("Cache-Control", cacheControl);
  c.header("Access-Control-Allow-Origin", c.req.header("origin") ?? "*");
  if (c.req.header("if-none-match") === etag) return c.body(null, 304);
  c.header("Content-Type", contentTypeFor(path));
  return c.body(new Uint8Array(content), 200);
}

export function knowledgeRoutes(ctx: RelayContext) {
  const app = new Hono<AppEnv>();

  app.get("/sites/:siteId/knowledge/*", async (c) => {
    const siteId = c.req.param("siteId");
    const site = ctx.sites.get(siteId);
    if (!site) throw notFound(`no site ${siteId}`, "unknown_site");
    const origin = c.req.header("origin");
    if (origin && !site.allowedOrigins.includes(origin))
      throw forbidden("origin not allowed for this site", "origin_not_allowed");
    const path = filePathOf(c, siteId);
    const file = await readPublishedFile(ctx.store, siteId, path);
    if (!file) throw notFound(`no published knowledge file ${path}`, "knowledge_file_not_found");
    // The manifest changes with each upload: always revalidate it (cheap with the ETag). Every
    // other file is checked against the manifest's sha256 by the widget, so it may be cached long;
    // `?v=<sha256>` (the manifest's hash) makes a URL that never changes content: immutable.
    const immutable = c.req.query("v") === file.sha256;
    const cache =
      path === MANIFEST_PATH
        ? "no-cache"
        : immutable
          ? "public, max-age=31536000, immutable"
          : "public, max-age=86400";
    return serveFile(c, file.content, file.sha256, path, cache);
  });

  app.put(
    "/sites/:siteId/knowledge/*",
    adminAuth({ token: ctx.options.adminToken }),
    limitBody(ctx.options.maxKnowledgeFileBytes),
    async (c) => {
      const siteId = c.req.param("siteId");
      if (!ctx.sites.has(siteId)) throw notFound(`no site ${siteId}`, "unknown_site");
      const path = filePathOf(c, siteId);
      const bytes = Buffer.from(await c.req.arrayBuffer());
      if (path === MANIFEST_PATH) {
        const version = await publishManifest(ctx.store, siteId, bytes, ctx.now());
        ctx.log.info("knowledge index published", {
          site: siteId,
          version: version.id,
          documents: version.manifest.documents.length,
        });
        return c.json(
          {
            published: true,
            version: version.id,
            manifestSha256: version.manifestSha256,
            files: version.manifest.files.length,
          },
          201,
        );
      }
      const sha256 = await stageFile(ctx.store, siteId, path, bytes, ctx.now());
      return c.json({ staged: true, path, bytes: bytes.length, sha256 }, 201);
    },
  );

  app.get("/media/:siteId/:documentId", async (c) => {
    const { siteId, documentId } = c.req.param();
    const verdict = verifyMediaQuery(
      ctx.options.secret,
      siteId,
      documentId,
      c.req.query("exp"),
      c.req.query("sig"),
      ctx.now(),
    );
    if (verdict === "forged")
      throw unauthorized("this link's signature is not valid", "link_forged");
    if (verdict === "expired") throw new RelayError(410, "link_expired", "this link has expired");
    const doc = await findDocument(ctx.store, siteId, { id: documentId });
    if (!doc?.attachable || !doc.file) throw notFound("no such document", "document_not_found");
    const file = await readPublishedFile(ctx.store, siteId, doc.file);
    if (!file) throw notFound("no such document", "document_not_found");
    c.header("Content-Disposition", `inline; filename="${doc.file.split("/").pop()}"`);
    return serveFile(c, file.content, file.sha256, doc.file, "private, max-age=3600");
  });

  return app;
}
