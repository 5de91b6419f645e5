import { PDFDocument, StandardFonts, rgb, type PDFFont } from "pdf-lib";

/**
 * A small, real PDF from simple Markdown (#/## headings, paragraphs, "- " bullets) with pdf-lib:
 * A4 pages, Helvetica, word wrap, page breaks. Used to make the TechCorp attachments
 * (product_catalog.pdf, refund_policy.pdf) and PDF fixtures for tests.
 */
export async function markdownToPdf(
  markdown: string,
  options: { title: string; author?: string },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(options.title);
  doc.setAuthor(options.author ?? "TechCorp");
  doc.setCreator("Parley knowledge-index");
  doc.setProducer("pdf-lib");
  // Fixed dates keep the file byte-identical across regenerations.
  doc.setCreationDate(new Date("2025-01-01T00:00:00Z"));
  doc.setModificationDate(new Date("2025-01-01T00:00:00Z"));
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [width, height, margin] = [595, 842, 56];
  let page = doc.addPage([width, height]);
  let y = height - margin;

  const write = (text: string, font: PDFFont, size: number, indent = 0, spaceBefore = 0) => {
    y -= spaceBefore;
    const maxWidth = width - 2 * margin - indent;
    const words = text.split(/\s+/).filter(Boolean);
    let line = "";
    const emit = (content: string) => {
      if (y - size < margin) {
        page = doc.addPage([width, height]);
        y = height - margin;
      }
      page.drawText(content, {
        x: margin + indent,
        y: y - size,
        size,
        font,
        color: rgb(0.1, 0.1, 0.12),
      });
      y -= size * 1.35;
    };
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) > maxWidth && line) {
        emit(line);
        line = word;
      } else line = candidate;
    }
    if (line) emit(line);
  };

  const paragraphs = markdown.replace(/\r/g, "").split(/\n\s*\n/);
  for (const block of paragraphs) {
    for (const raw of block.split(/\n(?=#|- )/)) {
      const text = raw.replace(/\n/g, " ").trim();
      if (!text) continue;
      const heading = /^(#{1,3})\s+(.*)$/.exec(text);
      if (heading) {
        const level = heading[1]!.length;
        write(heading[2]!, bold, level === 1 ? 20 : level === 2 ? 14 : 12, 0, level === 1 ? 0 : 10);
      } else if (text.startsWith("- ")) {
        write(`• ${text.slice(2)}`, regular, 10.5, 12, 2);
      } else {
        write(text, regular, 10.5, 0, 6);
      }
    }
  }
  return doc.save({ useObjectStreams: true });
}
