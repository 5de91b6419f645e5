/** The subset of `SpeechSynthesisVoice` the choice looks at (so it is testable in Node). */
export interface VoiceLike {
  lang: string;
  name: string;
  default: boolean;
  localService: boolean;
}

/**
 * Choose a voice for a BCP 47 language: exact match first ("en-IN"), then the same base
 * language ("en-*", preferring en-US/en-GB for English), local voices before network ones,
 * the platform default breaking ties. Null when nothing speaks the language.
 */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], language: string): V | null {
  const wanted = language.toLowerCase().replace("_", "-");
  const base = wanted.split("-")[0]!;
  const score = (voice: V): number => {
    const lang = voice.lang.toLowerCase().replace("_", "-");
    let s = 0;
    if (lang === wanted) s += 100;
    else if (lang.split("-")[0] === base) s += 50;
    else return -1;
    if (base === "en" && (lang === "en-us" || lang === "en-gb")) s += 5;
    if (voice.localService) s += 3;
    if (voice.default) s += 1;
    return s;
  };
  let best: V | null = null;
  let bestScore = -1;
  for (const voice of voices) {
    const s = score(voice);
    if (s > bestScore) {
      best = voice;
      bestScore = s;
    }
  }
  return best;
}
