import { z } from "zod";
import { isoDateTimeWithOffset, label, orderId } from "./formats";

/** An order as `GET /v1/orders/:orderId` returns it (and as a site config lists demo orders). */
export const Order = z.strictObject({
  order_id: orderId,
  status: label(),
  /** As a person would say it: "Today, 6 PM". */
  estimated_delivery: label().nullish(),
  estimated_delivery_at: isoDateTimeWithOffset.nullish(),
  tracking_id: label().nullish(),
  tracking_url: z.url().max(500).nullish(),
  product: label().nullish(),
});
export type Order = z.infer<typeof Order>;
