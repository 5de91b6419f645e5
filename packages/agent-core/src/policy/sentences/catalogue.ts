import { EN } from "./en";

export type SentenceId = keyof typeof EN;
/** A language's sentences; ids it lacks are said in English. */
export type Catalogue = Readonly<Partial<Record<SentenceId, string>>>;

/** Catalogues by language tag (the site profile's `locale`; "en-GB" falls back to "en"). */
const CATALOGUES: Record<string, Catalogue> = { en: EN };

/** Says sentence `id` with its `{placeholders}` filled in. */
export type Say = (id: SentenceId, values?: Readonly<Record<string, string>>) => string;

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The sentences of a locale: its own catalogue, then its language's, then English. */
export function sentencesFor(locale: string | undefined): Say {
  const tag = locale ?? "en";
  const chain = [CATALOGUES[tag], CATALOGUES[tag.split("-")[0]!], EN].filter(
    (c): c is Catalogue => c !== undefined,
  );
  return (id, values = {}) => {
    const template = chain.find((c) => c[id] !== undefined)?.[id] ?? EN[id];
    return fill(template, values);
  };
}

/** Every sentence id (tests check that each is sayable in every catalogue). */
export const SENTENCE_IDS = Object.keys(EN) as SentenceId[];

/** Adds (or replaces) the catalogue of a language, e.g. `registerCatalogue("de", DE)`. */
export function registerCatalogue(locale: string, catalogue: Catalogue): void {
  CATALOGUES[locale] = catalogue;
}

/** First letter upper case (sentences built from fragments start with a value). */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
