import * as chrono from "chrono-node";
import {
  findPhoneNumbersInText,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js/mobile";
import {
  type Channel,
  type DetailsType,
  type IssueType,
  type SiteProfile,
  type Slot,
  type Urgency,
  email as emailSchema,
  timeZoneOffsetMinutes,
  toZonedIso,
  zonedWallTimeToDate,
} from "@parley/protocol";
import { spokenDigitsToNumerals, spokenEmailToWritten } from "./spoken-forms";
import { MAX_UTTERANCE_CHARS } from "./text";

/** A time the visitor named, resolved in the site's time zone relative to "now". */
export interface SpokenTime {
  /** ISO 8601 with the site's offset: "2025-10-06T10:00:00+05:30". */
  iso: string;
  at: Date;
  /** False for "tomorrow" alone: the day is known, the hour is not. */
  hourKnown: boolean;
  /** False for "at 11 AM" alone: the visitor named no day. */
  dayKnown: boolean;
  /** Local date in the site's zone, YYYY-MM-DD. */
  localDate: string;
  /** The visitor's words for the day ("tomorrow", "monday"), for confirmations. */
  dayWords: string | null;
  /** The time has already passed. */
  past: boolean;
}

/** Everything the deterministic extractor found in one utterance. */
export interface Extraction {
  /** Valid phone numbers, E.164, in the order spoken. */
  phones: string[];
  /** Digits that look like an attempt at a phone number but are not a valid one. */
  invalidPhone: string | null;
  email: string | null;
  /** Something shaped like an email address that does not validate. */
  invalidEmail: boolean;
  orderId: string | null;
  /** Something shaped like an order id that does not match the site's pattern. */
  orderIdLike: string | null;
  time: SpokenTime | null;
  channel: Channel | null;
  detailsType: DetailsType | null;
  product: string | null;
  issueType: IssueType | null;
  urgency: Urgency | null;
  name: string | null;
}

export interface ExtractContext {
  site: SiteProfile;
  now: Date;
  /** The slot the agent has just asked for, if any: an answer is read in its light. */
  expecting?: Slot | null;
}

const DEFAULT_ORDER_ID = /^[A-Z]{2,5}-?\d{4,12}$/;

function orderIdRegex(site: SiteProfile): RegExp {
  if (site.orderIdPattern) {
    try {
      return new RegExp(`^(?:${site.orderIdPattern})$`, "i");
    } catch {
      // A malformed site pattern falls back to the generic shape rather than failing the turn.
    }
  }
  return DEFAULT_ORDER_ID;
}

const NOT_A_PREFIX = new Set([
  "at",
  "on",
  "is",
  "its",
  "it's",
  "to",
  "my",
  "no",
  "me",
  "in",
  "of",
  "or",
  "and",
  "the",
  "be",
  "by",
  "it",
  "id",
  "number",
  "order",
  "call",
  "sms",
  "am",
  "pm",
]);

/**
 * Order ids: "ORD98765", also as STT writes them: "ord 98765", "O R D 98765", "ORD-98765".
 * Returns the id and the exact span it was read from (so phone search can skip it).
 */
function findOrderId(
  text: string,
  site: SiteProfile,
  expecting: Slot | null,
): { id: string | null; like: string | null; span: string | null } {
  const pattern = orderIdRegex(site);
  const tokens = [...text.matchAll(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*/g)].map((m) => m[0]);
  const candidates: { id: string; span: string }[] = [];
  tokens.forEach((tok, i) => {
    if (/\d/.test(tok) && tok.length >= 3 && tok.length <= 32)
      candidates.push({ id: tok, span: tok });
    if (!/^\d{3,12}$/.test(tok)) return;
    // A prefix word just before the digits ("ORD 98765"), or spelled letters ("O R D 98765").
    const prev = tokens[i - 1];
    if (prev && /^[A-Za-z]{2,5}$/.test(prev) && !NOT_A_PREFIX.has(prev.toLowerCase()))
      candidates.push(
        { id: `${prev}${tok}`, span: `${prev} ${tok}` },
        { id: `${prev}-${tok}`, span: `${prev} ${tok}` },
      );
    for (let k = 2; k <= 5 && i - k >= 0; k++) {
      const letters = tokens.slice(i - k, i);
      if (!letters.every((l) => /^[A-Za-z]$/.test(l))) break;
      candidates.push({ id: `${letters.join("")}${tok}`, span: `${letters.join(" ")} ${tok}` });
    }
  });
  for (const c of candidates)
    if (pattern.test(c.id)) return { id: c.id.toUpperCase(), like: null, span: c.span };
  const completed = completeOrderDigits(text, site, pattern, expecting);
  if (completed) return { id: completed.id, like: null, span: completed.span };
  const like = candidates.find((c) => /^[a-z]{2,5}-?\d{3,12}$/i.test(c.id) && !/\s/.test(c.span));
  return { id: null, like: like ? like.id.toUpperCase() : null, span: like?.span ?? null };
}

/**
 * The letters every order id of the site starts with, when its pattern is letters then digits
 * ("ORD\\d{5}" → "ORD", "ORD-\\d+" → "ORD-"); null for any other shape.
 */
function fixedOrderPrefix(site: SiteProfile): string | null {
  const m = /^([A-Za-z]{1,5}-?)(?:\\d|\[0-9\])/.exec(site.orderIdPattern ?? "");
  return m ? m[1]!.toUpperCase() : null;
}

/** "order 98765", "my order number is 98765", "order ID # 98765": the digits follow "order". */
const AFTER_ORDER_WORD = /\border(?:\s+(?:number|no\.?|id|#))?(?:\s+is)?[\s:#]*$/i;

/**
 * Only the digits of an order id: visitors leave out a site's fixed prefix ("order number
 * 98765"), and speech-to-text mangles it when they spell it (Whisper writes "O R D 98765" as
 * "already 98,765" or "all 98765"). Digits (thousands separators allowed) that make a valid id
 * once the site's prefix is put in front count when the agent has just asked for the order id or
 * the visitor says "order …" right before them; the lookup then says whether the order exists.
 */
function completeOrderDigits(
  text: string,
  site: SiteProfile,
  pattern: RegExp,
  expecting: Slot | null,
): { id: string; span: string } | null {
  const prefix = fixedOrderPrefix(site);
  if (!prefix) return null;
  for (const m of text.matchAll(
    /(?<![\w,.-])\d{1,3}(?:,\d{3})+(?![\w,-])|(?<![\w,.-])\d+(?![\w,-])/g,
  )) {
    const id = `${prefix}${m[0].replace(/,/g, "")}`;
    if (!pattern.test(id)) continue;
    if (expecting === "order_id" || AFTER_ORDER_WORD.test(text.slice(0, m.index))) {
      return { id: id.toUpperCase(), span: m[0] };
    }
  }
  return null;
}

const EMAIL_SHAPE = /[a-z0-9._%+-]+@[a-z0-9.-]+(?:\.[a-z]{2,})?/gi;

function findEmail(text: string): { email: string | null; invalid: boolean } {
  const written = spokenEmailToWritten(text);
  const matches = written.match(EMAIL_SHAPE) ?? [];
  for (const raw of matches) {
    const candidate = raw.replace(/\.+$/, "").toLowerCase();
    if (emailSchema.safeParse(candidate).success) return { email: candidate, invalid: false };
  }
  return { email: null, invalid: matches.length > 0 };
}

const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/;

/**
 * Whisper writes a spoken phone number like an amount: "9,876,543,210", "98,765 43,210",
 * "98,76543, 210". A span
 * of digits, spaces and separators holding a phone number's worth of digits (10+) loses its
 * commas; shorter ones ("1,250,000") are amounts and stay as they are.
 */
export function joinCommaGroupedDigits(text: string): string {
  return text.replace(/\+?\d[\d\s,().-]{4,}\d/g, (span) =>
    span.replace(/\D/g, "").length >= 10 ? span.replace(/(?<=\d), ?(?=\d)/g, "") : span,
  );
}

function findPhones(
  raw: string,
  region: string,
  expectingPhone: boolean,
): { phones: string[]; invalid: string | null } {
  // Asked for a number, the visitor's digits are a number even when Whisper dropped one and
  // wrote the rest like an amount ("98,7654,210"): a failed attempt gets a precise re-ask
  // ("that doesn't look like a valid phone number") instead of "I didn't quite get that".
  const text = expectingPhone ? raw.replace(/(?<=\d), ?(?=\d)/g, "") : joinCommaGroupedDigits(raw);
  const phones: string[] = [];
  let found: ReturnType<typeof findPhoneNumbersInText>;
  try {
    found = findPhoneNumbersInText(text, region as CountryCode);
  } catch {
    found = [];
  }
  for (const f of found) if (f.number.isValid()) phones.push(f.number.number);
  if (phones.length > 0) return { phones: [...new Set(phones)], invalid: null };
  // Nothing valid: was there an attempt (6+ digits in a run)? Then the visitor gets a re-ask.
  for (const m of text.matchAll(/(?<![a-z0-9])\+?\d[\d\s().-]{4,}\d(?![a-z0-9])/gi)) {
    const span = m[0].trim();
    const digits = span.replace(/\D/g, "");
    if (digits.length < 6 || DATE_LIKE.test(span)) continue;
    // A bare number with a country code of its own may still parse.
    const parsed = parsePhoneNumberFromString(span, region as CountryCode);
    if (parsed?.isValid()) return { phones: [parsed.number], invalid: null };
    return { phones: [], invalid: digits };
  }
  return { phones: [], invalid: null };
}

const DAY_WORDS =
  /\b(today|tonight|tomorrow|day after tomorrow|(?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;

function findTime(text: string, ctx: ExtractContext): SpokenTime | null {
  const timezone = timeZoneOffsetMinutes(ctx.now, ctx.site.timezone);
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(text, { instant: ctx.now, timezone }, { forwardDate: true });
  } catch {
    return null;
  }
  // "5 days ago" describes the past of an order, not a time to call: only forward-looking or
  // clock times count.
  const result = results.find((r) => !/\bago\b/i.test(r.text) && !/^now$/i.test(r.text.trim()));
  if (!result) return null;
  const c = result.start;
  const hourKnown = c.isCertain("hour");
  // Wall time in the site's zone → instant, so DST zones get the offset of that day.
  const at = zonedWallTimeToDate(
    {
      year: c.get("year") ?? ctx.now.getUTCFullYear(),
      month: c.get("month") ?? 1,
      day: c.get("day") ?? 1,
      hour: hourKnown ? (c.get("hour") ?? 0) : 12,
      minute: hourKnown ? (c.get("minute") ?? 0) : 0,
    },
    ctx.site.timezone,
  );
  const year = c.get("year") ?? 0;
  const localDate = `${year}-${String(c.get("month") ?? 1).padStart(2, "0")}-${String(c.get("day") ?? 1).padStart(2, "0")}`;
  const day = DAY_WORDS.exec(result.text)?.[1]?.toLowerCase() ?? null;
  return {
    iso: toZonedIso(at, ctx.site.timezone),
    at,
    hourKnown,
    dayKnown: c.isCertain("day") || c.isCertain("weekday"),
    localDate,
    dayWords: day,
    past: at.getTime() <= ctx.now.getTime(),
  };
}

function findChannel(t: string): Channel | null {
  if (/\bwhats\s?app\b|\bwhat's app\b/.test(t)) return "whatsapp";
  if (/\be-?mail\b|\binbox\b|\bmail (?:it|me)\b/.test(t)) return "email";
  if (/\bsms\b|\btext (?:me|it|message)\b|\bby text\b|\bvia text\b|\ba text\b/.test(t))
    return "sms";
  if (/\bcall ?back\b|\bcall me\b|\bphone call\b|\bring me\b/.test(t)) return "call";
  return null;
}

function findDetailsType(t: string): DetailsType | null {
  if (/\bcatalog(?:ue)?s?\b|\bbrochure\b|\bproduct list\b|\bprice list\b|\bproduct range\b/.test(t))
    return "product_catalog";
  if (/\bwarrant(?:y|ies)\b|\bguarantee\b/.test(t) && !/\bmoney[- ]back\b/.test(t))
    return "warranty";
  if (/\btracking\b|\btrack(?:ing)? link\b/.test(t)) return "tracking";
  if (/\bshipping\b|\bdelivery (?:policy|times)\b/.test(t)) return "shipping";
  if (/\bpolic(?:y|ies)\b|\brefund\b|\breturns?\b|\bterms\b/.test(t)) return "policy";
  if (/\border details\b|\binvoice\b|\breceipt\b/.test(t)) return "order_details";
  return null;
}

const PRODUCTS = [
  "laptop",
  "notebook",
  "desktop",
  "monitor",
  "tablet",
  "phone",
  "smartphone",
  "headphones",
  "earbuds",
  "keyboard",
  "mouse",
  "printer",
  "charger",
  "smartwatch",
  "watch",
  "camera",
  "router",
  "speaker",
  "tv",
];
const PRODUCT_RE = new RegExp(`\\b(${PRODUCTS.join("|")})s?\\b`);

function findIssueType(t: string): IssueType | null {
  if (
    /\b(?:have ?n[o']?t|has ?n[o']?t|did ?n[o']?t|not|never|still not|yet to)\s+(?:been\s+)?(?:received|receive|arrived|arrive|got|get|come|delivered|turned up|shown up|showed up)\b/.test(
      t,
    ) ||
    /\bdelay(?:ed)?\b|\blate\b|\bwhere is my (?:order|package|parcel|laptop|delivery)\b|\bnot (?:yet )?delivered\b|\bstill waiting\b|\b(?:meant|supposed) to (?:come|arrive|be (?:here|delivered))\b/.test(
      t,
    )
  )
    return "delivery_delay";
  if (
    /\bdamaged\b|\bbroken\b|\bcracked\b|\bsmashed\b|\bdented\b|\bsnapped\b|\bcrushed\b|\bsquashed\b|\bshattered\b|\bripped\b|\barrived dead\b|\bdead on arrival\b/.test(
      t,
    )
  )
    return "damaged_item";
  if (/\bwrong (?:item|product|order|colou?r|size|model)\b|\bnot what i ordered\b/.test(t))
    return "wrong_item";
  if (
    /\bcharged (?:twice|two times|double)\b|\bbilling\b|\bovercharged\b|\binvoice\b|\bpayment\b/.test(
      t,
    )
  )
    return "billing";
  if (/\brefund\b/.test(t) && /\b(?:not|never|still|haven't|didn't|where)\b/.test(t))
    return "refund";
  if (
    /\bnot working\b|\bstopped working\b|\bdoes ?n[o']?t work\b|\bwon't (?:turn|start|boot)\b|\berror\b|\bcrash/.test(
      t,
    )
  )
    return "technical";
  if (
    /\b(?:log ?in|sign ?in|password|account)\b/.test(t) &&
    /\b(?:can't|cannot|unable|locked|reset|forgot)\b/.test(t)
  )
    return "account";
  return null;
}

function findUrgency(t: string): Urgency | null {
  if (
    /\burgent(?:ly)?\b|\basap\b|\bimmediately\b|\bright now\b|\bunacceptable\b|\bemergency\b/.test(
      t,
    )
  )
    return "high";
  return null;
}

function findName(original: string): string | null {
  const m = /\b(?:my name is|this is|i am called|call me)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b/.exec(
    original,
  );
  if (!m) return null;
  const name = m[1]!;
  return /^(?:Not|Very|So|Really|Tomorrow|Today)\b/.test(name) ? null : name;
}

/**
 * Pull every entity the Lite brain and the policy layer care about out of one utterance.
 * Pure and total: any string in (bytes, 100 KB pastes) gives an `Extraction`, never a throw.
 */
export function extractEntities(utterance: string, ctx: ExtractContext): Extraction {
  const original = spokenDigitsToNumerals(utterance.slice(0, MAX_UTTERANCE_CHARS));
  const lower = original.toLowerCase();
  const order = findOrderId(original, ctx.site, ctx.expecting ?? null);
  const email = findEmail(lower);
  // Order ids and addresses hold digits too: hide them before looking for phone numbers.
  let phoneText = lower.replace(EMAIL_SHAPE, " ");
  if (order.span) phoneText = phoneText.split(order.span.toLowerCase()).join(" ");
  const expectingPhone = ctx.expecting === "phone" || ctx.expecting === "whatsapp_number";
  const phones = findPhones(phoneText, ctx.site.defaultRegion, expectingPhone);
  const product = PRODUCT_RE.exec(lower)?.[1] ?? null;
  return {
    phones: phones.phones,
    invalidPhone: phones.invalid,
    email: email.email,
    invalidEmail: email.invalid,
    orderId: order.id,
    orderIdLike: order.like,
    time: findTime(original, ctx),
    channel: findChannel(lower),
    detailsType: findDetailsType(lower),
    product,
    issueType: findIssueType(lower),
    urgency: findUrgency(lower),
    name: findName(original),
  };
}
