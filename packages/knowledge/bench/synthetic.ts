import { l2Normalize } from "../src/embedder";

/** Deterministic pseudo-random numbers, so every bench run measures the same data. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomUnitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = rng(seed);
  return Array.from({ length: count }, () =>
    l2Normalize(Float32Array.from({ length: dims }, () => random() * 2 - 1)),
  );
}

const WORDS = (
  "refund policy order delivery shipping tracking warranty laptop phone tablet battery charger payment card upi emi " +
  "invoice store hours contact callback whatsapp sms complaint escalation ticket agent receipt return exchange courier " +
  "package damaged replacement repair service centre display memory storage price discount offer account password " +
  "address city metro express same day business days customer support email phone number guarantee money back"
).split(" ");

/** Chunk-like texts (~60 words, Zipf-ish word frequencies, some ids) for BM25 at scale. */
export function syntheticTexts(count: number, seed: number): string[] {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const words: string[] = [];
    for (let w = 0; w < 60; w++) {
      const r = random();
      words.push(
        r < 0.03
          ? `ORD${10000 + Math.floor(random() * 89999)}`
          : r < 0.2
            ? `term${Math.floor(random() * 20000)}`
            : WORDS[Math.floor(WORDS.length * r * r)]!,
      );
    }
    return `Chunk ${i}. ${words.join(" ")}.`;
  });
}
