/**
 * A small but real knowledge index upload for tests: a Markdown refund policy, a PDF catalog
 * (a minimal valid PDF written here), an index file, and the manifest that lists them.
 */
import { createHash } from "node:crypto";
import type { KnowledgeManifest } from "@parley/protocol";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

export const REFUND_POLICY_MD = Buffer.from(
  "# Refund policy\n\nWe offer a 30-day money-back guarantee. If you're not satisfied, contact us within 30 days for a full refund.\n\nRefunds are processed within 5-7 business days.\n\nOriginal receipt required for refund requests.\n",
);

export function minimalPdf(text: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = `BT /F1 18 Tf 20 70 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

export const CATALOG_PDF = minimalPdf("TechCorp product catalog");
export const INDEX_BIN = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));

export function knowledgeUpload(): { files: Record<string, Buffer>; manifest: KnowledgeManifest } {
  const files: Record<string, Buffer> = {
    "index.bin": INDEX_BIN,
    "docs/refund_policy.md": REFUND_POLICY_MD,
    "docs/product_catalog.pdf": CATALOG_PDF,
  };
  const manifest: KnowledgeManifest = {
    formatVersion: 1,
    createdAt: "2025-10-05T09:00:00+05:30",
    embedder: { id: "use-lite", dims: 512 },
    threshold: {
      noAnswerBelow: 0.5,
      greyZoneFrom: 0.4,
      method: "calibrated on the TechCorp questions",
    },
    counts: { documents: 2, chunks: 12 },
    files: Object.entries(files).map(([path, bytes]) => ({
      path,
      bytes: bytes.length,
      sha256: sha(bytes),
    })),
    documents: [
      {
        id: "refund_policy",
        title: "Refund Policy",
        source: "docs/refund_policy.md",
        mediaType: "text/markdown",
        attachable: false,
      },
      {
        id: "product_catalog",
        title: "Product Catalog",
        source: "docs/product_catalog.pdf",
        mediaType: "application/pdf",
        attachable: true,
        file: "docs/product_catalog.pdf",
      },
    ],
  };
  return { files, manifest };
}
