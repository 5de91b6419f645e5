import { bodyLimit } from "hono/body-limit";
import { RelayError } from "./errors";

/** Hono's body limit, answering with the relay's ApiError (413) instead of plain text. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new RelayError(413, "body_too_large", `request body is larger than ${maxBytes} bytes`);
    },
  });
}
