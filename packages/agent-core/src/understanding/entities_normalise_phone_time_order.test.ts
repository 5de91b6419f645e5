import { describe, expect, it } from "vitest";
import type { SiteProfile } from "@parley/protocol";
import { extractEntities } from "./entities";

const india: SiteProfile = {
  company: "Example Store",
  defaultRegion: "IN",
  timezone: "Asia/Kolkata",
  orderIdPattern: "ORD\\d{5}",
};
const ctx = { site: india, now: new Date("2025-10-05T15:00:00+05:30") };

describe("entities are normalised for the site", () => {
  it.each([
    ["It's 9876543210", "+919876543210"],
    ["my number is 98765 43210", "+919876543210"],
    ["+91 98765-43210", "+919876543210"],
    ["nine eight seven six five four three two one zero", "+919876543210"],
    ["call +1 415 555 2671", "+14155552671"],
    // How Whisper writes spoken numbers: thousands separators, as if they were amounts.
    ["It's 9,876,543,210.", "+919876543210"],
    ["It's 98,765 43,210", "+919876543210"],
    ["It's 98,76543,210", "+919876543210"],
    ["My number is 98,76543, 210", "+919876543210"],
  ])("%s → %s", (text, e164) => {
    expect(extractEntities(text, ctx).phones).toEqual([e164]);
  });

  it("leaves amounts with thousands separators alone (not a phone, not a failed one)", () => {
    const x = extractEntities("I paid 1,250,000 rupees for 3, 4 laptops", ctx);
    expect(x.phones).toEqual([]);
    expect(x.invalidPhone).toBeNull();
  });

  it("reads digits written like an amount as a failed number when a number was asked for", () => {
    // Whisper dropped a digit of "98765 43210": nine digits, written "98,7654,210".
    const asked = { ...ctx, expecting: "phone" as const };
    expect(extractEntities("It's 98,7654,210", asked)).toMatchObject({
      phones: [],
      invalidPhone: "987654210",
    });
    expect(extractEntities("It's 98,7654,210", ctx).invalidPhone).toBeNull();
    const whatsapp = { ...ctx, expecting: "whatsapp_number" as const };
    expect(extractEntities("It's 98,76543,210", whatsapp).phones).toEqual(["+919876543210"]);
  });

  it("flags digits that are not a mobile number instead of guessing", () => {
    const x = extractEntities("It's 12345678", ctx);
    expect(x.phones).toEqual([]);
    expect(x.invalidPhone).toBe("12345678");
  });

  it("reads times in the site's zone relative to now", () => {
    const t = extractEntities("Tomorrow at 10 AM", ctx).time!;
    expect(t.iso).toBe("2025-10-06T10:00:00+05:30");
    expect(t.hourKnown).toBe(true);
    expect(t.dayWords).toBe("tomorrow");
    expect(t.past).toBe(false);
    expect(extractEntities("yesterday at 10 AM", ctx).time!.past).toBe(true);
    expect(extractEntities("tomorrow", ctx).time!.hourKnown).toBe(false);
    // How a visitor says it when "10 AM" is misheard (Whisper wrote "tomorrow at 7 am").
    expect(extractEntities("tomorrow at 10 in the morning", ctx).time!.iso).toBe(t.iso);
    expect(extractEntities("tomorrow morning at 10", ctx).time!.iso).toBe(t.iso);
    expect(extractEntities("tomorrow at 10 o'clock in the morning.", ctx).time!.iso).toBe(t.iso);
    expect(extractEntities("I ordered it 5 days ago", ctx).time).toBeNull();
  });

  it("gives a DST zone the offset of the day named, not of today", () => {
    const ny: SiteProfile = { ...india, defaultRegion: "US", timezone: "America/New_York" };
    // 1 Nov 2025 is EDT (-04:00); 3 Nov is EST (-05:00).
    const t = extractEntities("Monday at 9 AM", {
      site: ny,
      now: new Date("2025-11-01T12:00:00-04:00"),
    }).time!;
    expect(t.iso).toBe("2025-11-03T09:00:00-05:00");
  });

  it.each([
    ["It's ORD98765", "ORD98765"],
    ["ord 98765", "ORD98765"],
    ["O R D 98765", "ORD98765"],
  ])("order id %s → %s", (text, id) => {
    expect(extractEntities(text, ctx).orderId).toBe(id);
  });

  it.each([
    // The site's prefix left out, or mangled by Whisper when it was spelled ("O R D" → "already").
    ["It's order 98765", "ORD98765"],
    ["My order number is 98,765.", "ORD98765"],
    ["order ID # 98765", "ORD98765"],
  ])("digits after 'order' take the site's prefix: %s → %s", (text, id) => {
    expect(extractEntities(text, ctx).orderId).toBe(id);
  });

  it("bare digits answer the order-id question, only when it was asked", () => {
    const asked = { ...ctx, expecting: "order_id" as const };
    expect(extractEntities("It's already 98,765.", asked).orderId).toBe("ORD98765");
    expect(extractEntities("It's all 98765", asked).orderId).toBe("ORD98765");
    // "It's ORD, 98765" through the widget's microphone path (RP voice).
    expect(extractEntities("It sold 98,765", asked).orderId).toBe("ORD98765");
    expect(extractEntities("It's already 98,765.", ctx).orderId).toBeNull();
    // Digits that do not fit the pattern (ORD + 5 digits) stay out, and phones stay phones.
    expect(extractEntities("It's 981765", asked).orderId).toBeNull();
    expect(extractEntities("It's 9876543210", asked).phones).toEqual(["+919876543210"]);
    expect(extractEntities("It's 9876543210", asked).orderId).toBeNull();
    // A site whose ids have no fixed prefix gets no completion.
    const free = { ...asked, site: { ...india, orderIdPattern: "[A-Z]{3}\\d{5}" } };
    expect(extractEntities("It's 98765", free).orderId).toBeNull();
  });

  it("does not read 'at 9876543210' as an order id", () => {
    const x = extractEntities("send it on WhatsApp at 9876543210", ctx);
    expect(x.orderId).toBeNull();
    expect(x.phones).toEqual(["+919876543210"]);
  });

  it("emails, written and spoken", () => {
    expect(extractEntities("it's Jane.Doe@Example.com", ctx).email).toBe("jane.doe@example.com");
    expect(extractEntities("jane dot doe at example dot com", ctx).email).toBe(
      "jane.doe@example.com",
    );
    expect(extractEntities("jane@example", ctx).invalidEmail).toBe(true);
  });

  it("channel, details type, product and issue vocabulary", () => {
    const x = extractEntities("I ordered a laptop 5 days ago and haven't received it yet!", ctx);
    expect(x.issueType).toBe("delivery_delay");
    expect(x.product).toBe("laptop");
    const y = extractEntities("Send me your product catalog on WhatsApp", ctx);
    expect(y.channel).toBe("whatsapp");
    expect(y.detailsType).toBe("product_catalog");
  });
});
