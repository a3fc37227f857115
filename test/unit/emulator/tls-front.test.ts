/**
 * The lab's TLS front (test/emulator/tls-front.ts, over http-forward.ts): forwards what it gets as it got
 * it, says where it came from, rewrites the Location it is told to, lets its overlay answer first, and
 * answers 502 when nothing is behind it.
 */
import http from "node:http";
import { request } from "node:https";
import type { AddressInfo } from "node:net";
import { labCertificate, labGet, type LabResponse } from "../../emulator/lab-sites";
import { startTlsFront, type TlsFront } from "../../emulator/tls-front";

let behind: http.Server;
let front: TlsFront;
let cert: string;
let saw: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];

beforeAll(async () => {
  behind = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      saw.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === "/go") res.writeHead(302, { Location: "http://127.0.0.1:9/download/1" }).end();
      else res.writeHead(201, { "X-Behind": "yes", Connection: "close" }).end(`got ${body}`);
    });
  });
  await new Promise<void>((resolve) => behind.listen(0, "127.0.0.1", resolve));
  const certificate = await labCertificate();
  cert = certificate.cert;
  front = await startTlsFront({
    hostName: "relay.contoso.test",
    tls: certificate,
    target: `http://127.0.0.1:${(behind.address() as AddressInfo).port}`,
    rewriteLocation: { from: "http://127.0.0.1:9", to: "https://localhost:4443" },
    overlay: (req, res, next) => (req.url === "/lab" ? res.end("the lab's") : next()),
  });
});
beforeEach(() => {
  saw = [];
});
afterAll(async () => {
  await front.close();
  behind.close();
});

/** A raw https request to the front (no path normalisation), with a body. */
function send(path: string, method: string, body: string): Promise<LabResponse> {
  const { port } = new URL(front.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        servername: "relay.contoso.test",
        port,
        path,
        method,
        ca: cert,
        headers: { Host: new URL(front.origin).host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

it("forwards method, raw path, headers and body; says where the request came from; records it", async () => {
  const answer = await send("/api/x/../y%2F?q=1", "PUT", "hello");
  expect([answer.status, answer.body.toString(), answer.headers["x-behind"]]).toEqual([
    201,
    "got hello",
    "yes",
  ]);
  expect(answer.headers.connection).not.toBe("close"); // hop-by-hop: not passed on
  expect(saw).toEqual([
    expect.objectContaining({
      method: "PUT",
      url: "/api/x/../y%2F?q=1",
      body: "hello",
      headers: expect.objectContaining({
        "x-forwarded-host": new URL(front.origin).host,
        "x-forwarded-proto": "https",
      }),
    }),
  ]);
  expect(front.requests.at(-1)).toEqual({ method: "PUT", path: "/api/x/../y%2F?q=1", status: 201 });
});

it("rewrites a Location naming the server behind to the front that stands for it", async () => {
  const answer = await labGet(`${front.origin}/go`, cert);
  expect([answer.status, answer.headers.location]).toEqual([302, "https://localhost:4443/download/1"]);
});

it("lets its overlay answer first, forwarding nothing", async () => {
  const answer = await labGet(`${front.origin}/lab`, cert);
  expect(answer.body.toString()).toBe("the lab's");
  expect(saw).toEqual([]);
});

it("answers 502 when nothing is behind", async () => {
  const certificate = await labCertificate();
  const lonely = await startTlsFront({
    hostName: "localhost",
    tls: certificate,
    target: "http://127.0.0.1:9",
  });
  try {
    expect((await labGet(`${lonely.origin}/`, certificate.cert)).status).toBe(502);
  } finally {
    await lonely.close();
  }
});
