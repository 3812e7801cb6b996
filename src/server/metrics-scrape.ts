import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { bearerTokenOf } from '../api/bearer-token';
import { sendJson } from '../api/node-json';
import type { Config } from '../config';
import { describeError, type Logger } from '../logger';

/**
 * `/metrics`, Prometheus' scrape (docs/OPERATIONS.md): outside the API and the pages, refused
 * unless METRICS_TOKEN is set and sent as a bearer token.
 */

export type MetricsScrapeServices = {
  config: Pick<Config, 'metricsToken'>;
  log: Logger;
  renderMetrics(): Promise<{ body: string; contentType: string }>;
};

/** `/metrics` exactly (a query allowed): the scrape path, outside the API and the pages. */
export function isMetricsPath(url: string | undefined): boolean {
  return url === '/metrics' || url?.startsWith('/metrics?') === true;
}

export function createMetricsScrape({ config, log, renderMetrics }: MetricsScrapeServices) {
  const metricsToken = config.metricsToken && digest(config.metricsToken);
  return async function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (!metricsToken) return refuse(res, 404, 'not_found', 'metrics are off; set METRICS_TOKEN to turn them on');
    const sent = bearerTokenOf(req.headers.authorization);
    if (!sent || !timingSafeEqual(digest(sent), metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return refuse(res, 401, 'unauthorized', 'send METRICS_TOKEN as a bearer token');
    }
    try {
      const { body, contentType } = await renderMetrics();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      log.error('metrics failed', describeError(error));
      refuse(res, 500, 'internal_error', 'the metrics could not be read');
    }
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}
