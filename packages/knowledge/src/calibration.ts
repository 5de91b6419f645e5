import type { KnowledgeManifest } from "@parley/protocol";
import { parseEmbedderId } from "./embedder-factory";

export type Threshold = KnowledgeManifest["threshold"];

/**
 * Per-embedder defaults, used when a build has no calibration questions of its own.
 * USE-lite: calibrated on the TechCorp knowledge base (examples/techcorp/knowledge/docs/
 * knowledge.json, 20 answerable + 15 unanswerable questions) on the hit score (cosine + lexical,
 * minus the unknown-name penalty): cut-off 0.48 with one error, grey zone 0.38–0.48. DESIGN.md's
 * "about 0.5" was measured on plain cosine. transformers models: the brief's 0.7 was measured on a
 * MiniLM-class model; it is a starting point only, so calibrate.
 */
export function defaultThreshold(embedderId: string): Threshold {
  const spec = parseEmbedderId(embedderId);
  if (spec.kind === "use-lite") {
    return {
      noAnswerBelow: 0.5,
      greyZoneFrom: 0.4,
      method:
        "use-lite default: calibrated on the TechCorp question set (see @parley/knowledge README)",
    };
  }
  return {
    noAnswerBelow: 0.7,
    greyZoneFrom: 0.6,
    method: `uncalibrated default for ${embedderId}: add calibration questions to knowledge.json`,
  };
}

export interface CalibrationSample {
  question: string;
  /** Top-1 cosine similarity the index gives this question. */
  topScore: number;
  /** True when the knowledge base answers it. */
  answerable: boolean;
}

/**
 * Picks the cut-off that best separates answerable from unanswerable questions by their top-1
 * cosine: every midpoint between neighbouring scores is tried, the one with the fewest errors
 * wins, and ties go to the widest gap (the most margin for questions not in the set). The grey
 * zone (ask a clarifying question) is the 0.1 below the cut-off.
 */
export function calibrateThreshold(
  samples: readonly CalibrationSample[],
  embedderId: string,
): Threshold & { errors: number } {
  const answerable = samples.filter((s) => s.answerable).map((s) => s.topScore);
  const unanswerable = samples.filter((s) => !s.answerable).map((s) => s.topScore);
  if (answerable.length === 0 || unanswerable.length === 0)
    return { ...defaultThreshold(embedderId), errors: 0 };
  const scores = [...new Set(samples.map((s) => s.topScore))].sort((a, b) => a - b);
  let best = { cut: 0.5, errors: Number.POSITIVE_INFINITY, gap: -1 };
  for (let i = 0; i + 1 < scores.length; i++) {
    const cut = (scores[i]! + scores[i + 1]!) / 2;
    const gap = scores[i + 1]! - scores[i]!;
    const errors =
      answerable.filter((s) => s < cut).length + unanswerable.filter((s) => s >= cut).length;
    if (errors < best.errors || (errors === best.errors && gap > best.gap))
      best = { cut, errors, gap };
  }
  const cut = round3(best.cut);
  const greyZoneFrom = round3(cut - 0.1);
  return {
    noAnswerBelow: cut,
    greyZoneFrom,
    errors: best.errors,
    method:
      `calibrated at build time on ${answerable.length} answerable and ${unanswerable.length} unanswerable questions: ` +
      `midpoint of the widest gap with fewest errors (${best.errors}) in top-1 score`,
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
