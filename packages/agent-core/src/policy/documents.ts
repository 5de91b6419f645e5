import type { DetailsType } from "@parley/protocol";
import type { KnowledgeDocument } from "../retrieval/retriever";

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
  detailsType: DetailsType | null,
  doc: KnowledgeDocument | null,
  short = false,
): string {
  switch (detailsType) {
    case "product_catalog":
      return short ? "the catalog" : "the product catalog";
    case "tracking":
      return "the tracking link";
    case "order_details":
      return "your order details";
    default:
      if (doc)
        return `the ${short ? "" : "complete "}${doc.title.toLowerCase()}`.replace(/\s+/g, " ");
      if (detailsType === "policy") return "the policy";
      if (detailsType) return `the ${detailsType} details`;
      return "the details";
  }
}

/** The details type a document stands for, when a visitor says "send me that". */
export function detailsTypeOf(doc: KnowledgeDocument | null): DetailsType | null {
  if (!doc) return null;
  for (const [type, pattern] of Object.entries(BY_TYPE))
    if (pattern.test(`${doc.id} ${doc.title}`)) return type as DetailsType;
  return "other";
}
