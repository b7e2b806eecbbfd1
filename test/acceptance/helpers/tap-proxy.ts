/**
 * A loopback HTTP proxy between the worker and a server (Tablestore or Elasticsearch) that lets a test act at an
 * exact point of a run: `before` runs when a request arrived and before it is forwarded, `after` when the server
 * answered and before the answer is passed on. A hook returning `'drop'` closes the caller's connection instead
 * (the worker was just killed). Used to SIGKILL the worker during a read, a bulk write or a checkpoint commit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TappedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
}

export type Tap = (req: TappedRequest) => Promise<'forward' | 'drop'> | 'forward' | 'drop';

export interface TapProxy {
  readonly url: string;
  before: Tap | undefined;
  after: Tap | undefined;
  close(): Promise<void>;
}

/**
 * @param options.keepHost pass the caller's Host header through: OSS clients put the bucket there (ali-oss with an IP
 *   endpoint sends `Host: <bucket>.<region>.aliyuncs.com`).
 */
export async function startTapProxy(target: string, options: { keepHost?: boolean } = {}): Promise<TapProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const proxy: TapProxy = {
    url: '',
    before: undefined,
    after: undefined,
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      void (async () => {
        const tapped = { method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks) };
        if ((await proxy.before?.(tapped)) === 'drop') return res.destroy();
        const headers = options.keepHost ? { ...req.headers } : { ...req.headers, host: upstream.host };
        const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
          (resolve, reject) => {
            const out = http.request(
              {
                host: upstream.hostname,
                port: upstream.port,
                method: tapped.method,
                path: tapped.path,
                headers,
                agent,
              },
              (up) => {
                const parts: Buffer[] = [];
                up.on('data', (c: Buffer) => parts.push(c));
                up.on('end', () =>
                  resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(parts) }),
                );
                up.on('error', reject);
              },
            );
            out.on('error', reject);
            out.end(tapped.body);
          },
        );
        if ((await proxy.after?.(tapped)) === 'drop') return res.destroy();
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  });
  return proxy;
}
