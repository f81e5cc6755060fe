// A local HTTP server for download tests: serves in-memory files with Range support, and can
// drop the connection mid-body on the first requests of a file or answer 5xx. Loopback only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServerOptions {
  /** Files by URL path, e.g. `/val/val-0.tfrecords`. */
  files: Record<string, Uint8Array>;
  /** Per path: the first `count` requests send `afterBytes` body bytes, then drop the socket. */
  drops?: Record<string, { count: number; afterBytes: number }>;
  /** Per path: the first `count` requests answer this status. */
  failures?: Record<string, { count: number; status: number }>;
  /** When false the server ignores Range and always sends the whole file (200). Default true. */
  acceptRanges?: boolean;
}

export interface RangeServer {
  baseUrl: string;
  /** Every request received: path and Range header (null when absent). */
  requests: { path: string; range: string | null }[];
  close(): Promise<void>;
}

export async function startRangeServer(options: RangeServerOptions): Promise<RangeServer> {
  const requests: RangeServer['requests'] = [];
  const seen = new Map<string, number>();
  const acceptRanges = options.acceptRanges ?? true;

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range ?? null;
    requests.push({ path, range });
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    const body = options.files[path];
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const failure = options.failures?.[path];
    if (failure && n <= failure.count) {
      res.writeHead(failure.status).end();
      return;
    }
    let start = 0;
    let status = 200;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
    if (acceptRanges) headers['accept-ranges'] = 'bytes';
    const m = acceptRanges && range ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const slice = body.subarray(start);
    headers['content-length'] = slice.length;
    res.writeHead(status, headers);
    const drop = options.drops?.[path];
    if (drop && n <= drop.count) {
      res.write(slice.subarray(0, Math.min(drop.afterBytes, slice.length)), () => {
        setTimeout(() => res.socket?.destroy(), 20);
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
