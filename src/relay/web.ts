/**
 * The relay's plain requests and answers as web-standard Requests and Responses, both ways: the
 * relay's web-standard face, and adapters running a web-standard handler that is not the relay's own.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { ClientSignal, RelayAnswer, RelayRequest } from "./handler";
import type { HeaderFields } from "./responses";
import { rawTargetOf } from "./target";

/** What the web stream of a report reads ahead of its reader (the sockets on the way hold more). */
const WEB_READ_AHEAD_BYTES = 64 * 1024;

/** A web-standard request (or one shaped like it: Azure Functions' HttpRequest) as the relay's. */
export function relayRequestOf(
  request: Pick<Request, "method" | "url" | "headers">,
  rawTarget = rawTargetOf(request.url),
): RelayRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  return { method: request.method, target: rawTarget, headers };
}

export function requestOf(request: RelayRequest): Request {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !name.startsWith(":")) {
      headers.push([name, typeof value === "string" ? value : value.join(", ")]);
    }
  }
  const url = `http://relay${request.target.startsWith("/") ? "" : "/"}${request.target}`;
  return new Request(url, { method: request.method, headers });
}

export function responseOf(answer: RelayAnswer): Response {
  const { body } = answer;
  // The relay's bytes are ArrayBuffer-backed (Buffer.from, Buffer.concat).
  return new Response(
    body instanceof Readable ? webStreamOf(body) : (body as Uint8Array<ArrayBuffer> | null),
    {
      status: answer.status,
      headers: answer.headers,
    },
  );
}

export function answerOf(response: Response): RelayAnswer {
  const headers: HeaderFields = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const body = response.body && Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  return { status: response.status, headers, body };
}

/**
 * A body as a web stream, with backpressure: a failing body fails the stream with its error (so does
 * one that closes short of its end), and cancelling the stream destroys the body.
 */
export function webStreamOf(body: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        const fail = (error: unknown) => {
          if (open) controller.error(error);
          open = false;
        };
        body.on("data", (chunk: Buffer) => {
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) body.pause();
        });
        body.once("end", () => {
          if (open) controller.close();
          open = false;
        });
        body.once("error", fail);
        body.once("close", () => fail(new Error("The report stream closed before its end.")));
      },
      pull() {
        body.resume();
      },
      cancel() {
        body.destroy();
      },
    },
    { highWaterMark: WEB_READ_AHEAD_BYTES, size: (chunk) => chunk.byteLength },
  );
}

export function clientSignalOf(signal: AbortSignal): ClientSignal {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason(): unknown {
      return signal.reason;
    },
    onAbort(listener) {
      const onAbort = () => listener(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      return () => signal.removeEventListener("abort", onAbort);
    },
  };
}

export function abortSignalOf(client: ClientSignal): AbortSignal {
  const controller = new AbortController();
  if (client.aborted) controller.abort(client.reason);
  else client.onAbort((reason) => controller.abort(reason));
  return controller.signal;
}
