import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newMessageSid } from './twilio.js';

/** `sid`: the message Twilio created (none when the answer was an error). */
export type FakeSend = { accountSid: string; auth: string; params: URLSearchParams; sid?: string };
type Failure = { status: number; body: Record<string, unknown> };

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * A local stand-in for Twilio's REST API speaking its wire format: Messages.json (form in, JSON out,
 * Twilio's error JSON on failure) and media downloads behind basic auth that redirect to a "CDN".
 */
export async function startFakeTwilio() {
  const sends: FakeSend[] = [];
  const failures: Failure[] = [];
  const sids: string[] = [];
  let lostAnswers = 0;
  const media = new Map<string, { type: string; data: Buffer; auth: string }>();
  const mediaRequests: { path: string; auth: string | undefined }[] = [];

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const m = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(url.pathname);
    if (req.method === 'POST' && m) {
      const params = new URLSearchParams(await read(req));
      const send: FakeSend = { accountSid: m[1] as string, auth: req.headers.authorization ?? '', params };
      sends.push(send);
      const fail = failures.shift();
      if (fail) return json(res, fail.status, fail.body);
      const sid = sids.shift() ?? newMessageSid();
      send.sid = sid;
      if (lostAnswers > 0) {
        lostAnswers--;
        return req.socket.destroy();
      }
      return json(res, 201, {
        sid,
        account_sid: m[1],
        status: 'queued',
        to: params.get('To'),
        from: params.get('From'),
        body: params.get('Body'),
        error_code: null,
        error_message: null,
        date_created: new Date().toUTCString(),
      });
    }
    mediaRequests.push({ path: url.pathname, auth: req.headers.authorization });
    const file = /^\/2010-04-01\/Accounts\/\w+\/Messages\/\w+\/Media\/(\w+)$/.exec(url.pathname);
    const item = file ? media.get(file[1] as string) : undefined;
    if (item) {
      if (req.headers.authorization !== item.auth)
        return json(res, 401, { code: 20003, message: 'Authenticate', status: 401 });
      res.writeHead(307, { location: `/cdn/${file?.[1]}` });
      return res.end();
    }
    const cdn = /^\/cdn\/(\w+)$/.exec(url.pathname);
    const blob = cdn ? media.get(cdn[1] as string) : undefined;
    if (blob) {
      res.writeHead(200, { 'content-type': blob.type, 'content-length': blob.data.length });
      return res.end(blob.data);
    }
    json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    sends,
    mediaRequests,
    /** The next answers are these Twilio errors, in order. */
    fail(...f: Failure[]) {
      failures.push(...f);
    },
    /** The next `n` sends are created, but the connection drops before the answer (a lost response). */
    loseAnswers(n: number) {
      lostAnswers = n;
    },
    /** The next successful sends get these sids. */
    nextSids(...s: string[]) {
      sids.push(...s);
    },
    addMedia(name: string, type: string, data: Buffer, accountSid: string, authToken: string) {
      media.set(name, {
        type,
        data,
        auth: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
      });
      return `${url}/2010-04-01/Accounts/${accountSid}/Messages/MM1/Media/${name}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
