import mime from "mime/lite";

/**
 * The one file-name → media type mapping of Parley (the `mime` package's standard table), for
 * the relay's knowledge files, the knowledge-index CLI and the test servers. A subpath export
 * (`@parley/protocol/content-type`): the widget never needs the table.
 */

/** The bare media type ("text/markdown", "application/pdf"); unknown (.onnx) → opaque bytes. */
export function mediaTypeFor(fileName: string): string {
  return mime.getType(fileName) ?? "application/octet-stream";
}

/** The Content-Type header to serve a file with: text types say UTF-8, as Parley writes them. */
export function contentTypeFor(fileName: string): string {
  const type = mediaTypeFor(fileName);
  return type.startsWith("text/") || type === "application/json" ? `${type}; charset=utf-8` : type;
}
