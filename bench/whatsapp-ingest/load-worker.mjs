// Plain JavaScript: worker threads do not inherit the tsx loader.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** The load generator, on its own thread so it does not share the server's event loop. */
const { port, concurrency, requests } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const post = (r) =>
  new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/whatsapp/webhook',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': r.signature,
          'content-length': Buffer.byteLength(r.body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });

const latencies = [];
let errors = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const t0 = performance.now();
      if ((await post(requests[i])) !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
agent.destroy();
parentPort?.postMessage({ seconds, latencies, errors });
