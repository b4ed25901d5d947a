import http from 'node:http';
import twilio from 'twilio';
import { ledgerWriter } from '../../src/server/modules/whatsapp/ledger-writer.js';
import { parseForm } from '../../src/server/modules/whatsapp/twilio-params.js';
import { EMPTY_TWIML } from '../../src/server/modules/whatsapp/webhook-intake.js';
import type { Database } from '../../src/server/platform/db/client.js';
import { readBody } from '../../src/server/platform/http/raw-routes.js';
import { type SignedRequest, sendAll } from './load.js';

/**
 * The ceiling over the ingest on this machine: the same kind of signed webhooks through node:http, each
 * verified and group-committed into the same ledger table by the app's own writer, and nothing else (no
 * router, channel lookup, metrics or processing). The ingest cannot beat it; the gap between the two is
 * the app's own work per webhook, and this against the baseline is what any node:http intake could reach
 * here (decision 0305).
 */
export async function measureBareIntake(
  database: Database,
  requests: SignedRequest[],
  o: { concurrency: number; authToken: string; url: string; tool?: 'wrk' | 'node' },
) {
  const writer = ledgerWriter(database);
  const server = http.createServer((req, res) => {
    // wrk.lua's idle connections ask for /health once their share is out.
    if (req.method !== 'POST') return void res.end('ok');
    readBody(req, 1024 * 1024)
      .then(async (body) => {
        const raw = body ?? '';
        const params = parseForm(raw);
        const signature = String(req.headers['x-twilio-signature']);
        const ok = twilio.validateRequest(o.authToken, signature, o.url, params);
        if (ok)
          await writer.write({
            provider: 'bench-bare-intake',
            external_id: String(params.MessageSid),
            ref: null,
            tenant_id: null,
            event_type: 'message',
            headers: {},
            body: raw,
          });
        res.writeHead(ok ? 200 : 403, { 'content-type': 'text/xml' });
        res.end(EMPTY_TWIML);
      })
      // A failed read or write drops the connection, which the load generator counts as an error.
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const load = await sendAll(server, requests, o.concurrency, o.tool);
    if (load.errors > 0) throw new Error(`bare intake: ${load.errors} of ${requests.length} webhooks failed`);
    return { perSecond: requests.length / load.seconds, p50Ms: load.p50Ms, p99Ms: load.p99Ms };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
