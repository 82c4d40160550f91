// Serves a Fetch-style handler ((Request) => Response) from Node's http server.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

export type FetchHandler = (request: Request) => Promise<Response>;

export function toFetchRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    // Node's fetch needs this to stream a request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

export async function sendFetchResponse(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) return void res.end();
  Readable.fromWeb(response.body as NodeReadableStream).pipe(res);
}

/** A Node request listener for a Fetch handler; errors become a plain 500 with the message logged. */
export function nodeListener(origin: string, handler: FetchHandler) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handler(toFetchRequest(req, origin))
      .then((response) => sendFetchResponse(res, response))
      .catch((error: Error) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("Local emulator error: " + error.message);
      });
  };
}
