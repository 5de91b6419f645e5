/**
 * Order lookup: the demo's built-in table (loaded from the site config at start) or the site's
 * own HTTP endpoint, called as `GET <url>/<orderId>` with `Authorization: Bearer <secret>` and
 * expected to answer an `Order` JSON (404 when there is no such order).
 */
import { Order, parseWith, type SiteConfig } from "@parley/protocol";
import type { RelayContext } from "../context";
import { orders } from "../db/schema";
import type { Store } from "../db/store";
import { RelayError } from "../http/errors";

export async function loadBuiltinOrders(
  store: Store,
  sites: Iterable<SiteConfig>,
  now: number,
): Promise<number> {
  let count = 0;
  await store.write(async (tx) => {
    for (const site of sites) {
      if (site.orders.source !== "builtin") continue;
      for (const order of site.orders.orders ?? []) {
        await tx
          .insert(orders)
          .values({ siteId: site.id, orderId: order.order_id, data: order, updatedAt: now })
          .onConflictDoUpdate({
            target: [orders.siteId, orders.orderId],
            set: { data: order, updatedAt: now },
          });
        count++;
      }
    }
  });
  return count;
}

const builtinCache = new WeakMap<SiteConfig, Map<string, Order>>();

/** The config's orders by id (the orders table mirrors them for the dashboard; reads stay in memory). */
function builtinOrders(site: SiteConfig): Map<string, Order> {
  let map = builtinCache.get(site);
  if (!map) {
    map = new Map(
      site.orders.source === "builtin"
        ? (site.orders.orders ?? []).map((o) => [o.order_id.toUpperCase(), o])
        : [],
    );
    builtinCache.set(site, map);
  }
  return map;
}

export async function lookupOrder(
  ctx: RelayContext,
  site: SiteConfig,
  orderId: string,
): Promise<Order | null> {
  const source = site.orders;
  if (source.source === "builtin") return builtinOrders(site).get(orderId.toUpperCase()) ?? null;
  const url = `${source.url.replace(/\/+$/, "")}/${encodeURIComponent(orderId)}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${source.secret}`, accept: "application/json" },
      signal: AbortSignal.timeout(ctx.options.orderLookupTimeoutMs),
    });
  } catch (error) {
    ctx.log.warn("order lookup failed", { site: site.id, error: (error as Error).message });
    throw new RelayError(
      502,
      "order_source_unreachable",
      "the site's order system did not answer",
      { retryable: true },
    );
  }
  if (response.status === 404) return null;
  if (!response.ok) {
    throw new RelayError(
      502,
      "order_source_error",
      `the site's order system answered ${response.status}`,
      { retryable: response.status >= 500 },
    );
  }
  const parsed = parseWith(Order, await response.json().catch(() => null));
  if (!parsed.ok) {
    ctx.log.warn("order lookup returned an invalid order", { site: site.id, error: parsed.error });
    throw new RelayError(
      502,
      "order_source_invalid",
      "the site's order system answered something that is not an order",
      { retryable: false },
    );
  }
  return parsed.value;
}

/** The tracking link of an order: its own URL, or the site's template with {trackingId}. */
export function trackingUrlOf(site: SiteConfig, order: Order): string | undefined {
  if (order.tracking_url) return order.tracking_url;
  const template = site.messaging.trackingUrlTemplate;
  if (!template || !order.tracking_id) return undefined;
  return template
    .replace(/\{trackingId\}/g, encodeURIComponent(order.tracking_id))
    .replace(/\{orderId\}/g, encodeURIComponent(order.order_id));
}
