import { ActionRequest, parseWith } from "@parley/protocol";

/**
 * Action requests leave the engine only after validation against the relay's own schema, so
 * the widget can forward them unchanged and the relay never sees one it would reject.
 */
export function validRequest(candidate: unknown): ActionRequest | null {
  const parsed = parseWith(ActionRequest, candidate);
  return parsed.ok ? parsed.value : null;
}

/** A stable description of a side effect, so the same message is never requested twice. */
export function signatureOf(request: ActionRequest): string {
  const p = request.params as Record<string, unknown>;
  const target = p.to ?? p.phone ?? p.ticket ?? p.category ?? "";
  const what = p.template ?? p.time ?? p.issue_type ?? "";
  const about = p.documentId ?? p.orderId ?? p.callbackTime ?? p.status ?? "";
  return `${request.type}|${String(target)}|${String(what)}|${String(about)}`;
}
