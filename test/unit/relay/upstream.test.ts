/** The relay's upstream client on real sockets: a kept-alive socket the server closed meanwhile. */
import http from "node:http";
import net from "node:net";
import { createRelayHandler } from "../../../src/relay/handler";

const CSV = "Report Refresh Date,Mailbox Count\n";

function origin(server: net.Server): string {
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function listen<T extends net.Server>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/**
 * Graph's side of the race: each connection answers its first request and keeps the socket open (no
 * Keep-Alive timeout advertised), then resets it when a second request arrives on it — what a client
 * sees when the server's idle timeout fires just as it reuses the socket.
 */
async function racingUpstreams() {
  const download = await listen(
    http.createServer((_, res) => res.writeHead(200, { "Content-Type": "text/csv" }).end(CSV)),
  );
  const sockets: net.Socket[] = [];
  const graph = await listen(
    net.createServer((socket) => {
      sockets.push(socket);
      let requests = 0;
      socket.on("data", () => {
        if (++requests > 1) return socket.resetAndDestroy();
        socket.write(
          `HTTP/1.1 302 Found\r\nLocation: ${origin(download)}/data\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n`,
        );
      });
    }),
  );
  const handler = createRelayHandler({
    graphBaseUrl: `${origin(graph)}/v1.0`,
    allowedOrigins: new Set(),
    downloadOrigins: new Set([origin(download)]),
    headerTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    maxDownloads: 100,
    downloadTimeoutMs: 600_000,
    now: () => new Date(),
  });
  const call = async () => {
    const request = new Request("http://relay.test/api/reports/getMailboxUsageDetail?period=D7", {
      headers: { Authorization: "Bearer x" },
    });
    const response = await handler(request, new AbortController().signal);
    return { status: response.status, body: await response.text() };
  };
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    download.closeAllConnections();
    await new Promise((resolve) => graph.close(resolve));
    await new Promise((resolve) => download.close(resolve));
  };
  return { sockets, call, close };
}

it("sends a request again on a new socket when its kept-alive socket was closed by the server", async () => {
  const { sockets, call, close } = await racingUpstreams();
  try {
    expect(await call()).toEqual({ status: 200, body: CSV });
    expect(await call()).toEqual({ status: 200, body: CSV });
    expect(sockets).toHaveLength(2);
  } finally {
    await close();
  }
});

it("sends it again on a connection of its own, not on another kept-alive socket the server may be closing too", async () => {
  const { sockets, call, close } = await racingUpstreams();
  try {
    // Two sockets in the pool, each of which the server resets on its next request.
    expect(await Promise.all([call(), call()])).toEqual([
      { status: 200, body: CSV },
      { status: 200, body: CSV },
    ]);
    expect(await call()).toEqual({ status: 200, body: CSV });
    expect(sockets).toHaveLength(3);
  } finally {
    await close();
  }
});
