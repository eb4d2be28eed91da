import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartupError } from '../config.js';
import { logger } from './log.js';
import type { Metrics } from './metrics.js';

/** Answers a scrape with the Prometheus text of `metrics`. */
export async function sendMetrics(metrics: Metrics, res: ServerResponse): Promise<void> {
  const { contentType, body } = await metrics.text();
  res.writeHead(200, { 'content-type': contentType });
  res.end(body);
}

/**
 * The port of a process that serves no API (a worker): `/metrics`, and `/healthz` and
 * `/readyz` probes like the API's, on METRICS_PORT.
 */
export async function startMetricsServer(
  metrics: Metrics,
  options: { port: number; host: string; ready: () => Promise<boolean> },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/metrics') return await sendMetrics(metrics, res);
      const probe = path === '/healthz' ? true : path === '/readyz' ? await options.ready() : null;
      res.writeHead(probe === null ? 404 : probe ? 200 : 503, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify(
          probe === null
            ? { error: 'Not found' }
            : { status: path === '/healthz' ? 'ok' : probe ? 'ready' : 'database unreachable' },
        ),
      );
    } catch (error) {
      logger('metrics').error({ err: error }, 'metrics request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          `Cannot listen on ${options.host}:${options.port} (METRICS_PORT): ${
            error.code === 'EADDRINUSE' ? 'the port is in use' : error.message
          }`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
