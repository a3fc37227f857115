/**
 * The simulator as Excel is to Office.js over HTTP: `POST …/ProcessQuery` answers the RichApi request body
 * (rich-api.ts) against one simulated workbook; `GET /` says it is up (host mode, ExcelApi version,
 * counters). Loopback only by default. Office.js in any process reaches it with
 * `new Excel.RequestContext("http://127.0.0.1:PORT")`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createExcelSimulator, type ExcelSimulator, type ExcelSimulatorOptions } from ".";

export interface ExcelSimulatorServer {
  url: string;
  sim: ExcelSimulator;
  close(): Promise<void>;
}

/** Far above Excel on the web's 5 MB: desktop has no limit, and the simulator itself answers the web's. */
const MAX_BODY_BYTES = 256 * 1024 * 1024;

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function startExcelSimulatorServer(
  options: ExcelSimulatorOptions & { port?: number; listenHost?: string } = {},
): Promise<ExcelSimulatorServer> {
  const sim = createExcelSimulator(options);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/" && (req.method === "GET" || req.method === "HEAD")) {
      json(res, 200, {
        host: options.host ?? "desktop",
        excelApiVersion: sim.excelApiVersion,
        stats: sim.stats,
      });
      return;
    }
    if (!path.endsWith("/ProcessQuery")) {
      json(res, 404, { error: { code: "NotFound", message: "POST …/ProcessQuery, or GET /." } });
      return;
    }
    if (req.method !== "POST") {
      json(
        res,
        405,
        { error: { code: "MethodNotAllowed", message: "ProcessQuery takes POST." } },
        { allow: "POST" },
      );
      return;
    }
    readBody(req)
      .then(
        async (body) => {
          if (body === null) {
            json(res, 413, {
              error: { code: "RequestPayloadSizeLimitExceeded", message: "The body is too large." },
            });
            return;
          }
          const answer = await sim.answer(body);
          res.writeHead(answer.statusCode, {
            "content-type": "application/json",
            "cache-control": "no-store",
          });
          res.end(answer.body);
        },
        () => res.destroy(),
      )
      .catch((error: unknown) => {
        // A bug in the simulator answers this request, and the server goes on serving the others.
        console.error(error);
        if (!res.headersSent)
          json(res, 500, { error: { code: "GeneralException", message: "The simulator failed." } });
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.listenHost ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
