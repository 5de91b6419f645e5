import { stemmer } from "stemmer";

/**
 * The one English stemmer of Parley (Porter's, from the `stemmer` package), used by the BM25
 * retrieval here and by agent-core's understanding, so "shipped"/"shipping" meet "ship",
 * "cancelled" meets "cancel" and "charged" meets "charge" wherever words are compared. Words
 * with digits ("v2", "x1", "ord98765") are names and ids: they are kept as they are.
 * Expects a lower-case word.
 */
export function stemWord(word: string): string {
  return /\d/.test(word) ? word : stemmer(word);
}
