import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { genReqId } from './request-id.js';

/**
 * A raw route answers straight off node:http, ahead of Fastify's router, hooks and reply pipeline, or
 * hands the request to Fastify untouched (`fallback`, before reading any of the body) when it is not one
 * it serves. Only for hot, public, machine-to-machine endpoints where the cost per request is the
 * product — the Twilio webhooks (decision 0304). Everything else stays on Fastify.
 */
export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { requestId: string; fallback: () => void },
) => void;

export type RawRequestObserver = (method: string, route: string, status: number, seconds: number) => void;

export function rawRoutes() {
  const routes = new Map<string, { route: string; handler: RawHandler }>();
  let closing = false;
  let observe: RawRequestObserver = () => {};

  return {
    /** `path` is the full path, prefix included; a query string on the request does not change the match. */
    add(method: string, path: string, handler: RawHandler) {
      routes.set(`${method} ${path}`, { route: path, handler });
    },
    /** Where raw routes report their durations (the metrics plugin's histogram). */
    observeWith(f: RawRequestObserver) {
      observe = f;
    },
    /** From now on Fastify answers everything: its 503 while closing, with `Connection: close`. */
    close() {
      closing = true;
    },
    /** Fastify's `serverFactory`. */
    serverFactory(fastifyHandler: (req: IncomingMessage, res: ServerResponse) => void) {
      return http.createServer((req, res) => {
        const url = req.url ?? '/';
        const q = url.indexOf('?');
        const hit = closing ? undefined : routes.get(`${req.method} ${q === -1 ? url : url.slice(0, q)}`);
        if (!hit) return fastifyHandler(req, res);
        const started = performance.now();
        const requestId = genReqId(req);
        res.setHeader('x-request-id', requestId);
        res.once('finish', () =>
          observe(req.method ?? 'POST', hit.route, res.statusCode, (performance.now() - started) / 1000),
        );
        hit.handler(req, res, { requestId, fallback: () => fastifyHandler(req, res) });
      });
    },
  };
}
export type RawRoutes = ReturnType<typeof rawRoutes>;

/** The request body as text, refusing more than `limit` bytes (null: too large; the rest is not read). */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) return resolve(null);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.once('end', () => resolve(size > limit ? null : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
  });
}

export function sendRaw(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
