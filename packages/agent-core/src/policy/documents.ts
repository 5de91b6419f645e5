import type { DetailsType } from "@parley/protocol";
import type { KnowledgeDocument } from "../retrieval/retriever";
import type { Say } from "./sentences/catalogue";

const BY_TYPE: Partial<Record<DetailsType, RegExp>> = {
  product_catalog: /catalog|catalogue|brochure|product[-_ ]?list|price[-_ ]?list/i,
  policy: /polic|refund|return|terms/i,
  warranty: /warrant/i,
  shipping: /ship|deliver/i,
};

/** The document a "send me the …" request means: by type, else the last one discussed. */
export function pickDocument(
  detailsType: DetailsType | null,
  documents: readonly KnowledgeDocument[],
  last: KnowledgeDocument | null,
): KnowledgeDocument | null {
  const pattern = detailsType ? BY_TYPE[detailsType] : undefined;
  if (!pattern) return detailsType === null ? last : null;
  if (last && pattern.test(`${last.id} ${last.title}`)) return last;
  return documents.find((d) => pattern.test(`${d.id} ${d.title}`)) ?? null;
}

/** What a document type is called in a sentence: "the product catalog", "the refund policy". */
export function thingName(
  say: Say,
  detailsType: DetailsType | null,
  doc: KnowledgeDocument | null,
  short = false,
): string {
  switch (detailsType) {
    case "product_catalog":
      return say(short ? "thingCatalogShort" : "thingCatalog");
    case "tracking":
      return say("thingTracking");
    case "order_details":
      return say("thingOrderDetails");
    default:
      if (doc)
        return say(short ? "thingDocumentShort" : "thingDocument", {
          title: doc.title.toLowerCase(),
        });
      if (detailsType === "policy") return say("thingPolicy");
      if (detailsType) return say("thingTyped", { type: detailsType });
      return say("thingDetails");
  }
}

/** The details type a document stands for, when a visitor says "send me that". */
export function detailsTypeOf(doc: KnowledgeDocument | null): DetailsType | null {
  if (!doc) return null;
  for (const [type, pattern] of Object.entries(BY_TYPE))
    if (pattern.test(`${doc.id} ${doc.title}`)) return type as DetailsType;
  return "other";
}
