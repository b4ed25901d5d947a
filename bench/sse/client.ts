import http from 'node:http';

export type SseEvent = { id: string | null; event: string; data: string; receivedAt: number };

/**
 * A minimal server-sent-events client over node:http (the wire format of the HTML spec: `id:`, `event:`,
 * `data:` lines, a blank line ends an event, `:` starts a comment). Events queue up; `next` waits for one.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  private waiters: (() => void)[] = [];
  private req: http.ClientRequest | null = null;
  private buffer = '';

  static open(url: string, headers: Record<string, string>, agent?: http.Agent): Promise<SseClient> {
    const c = new SseClient();
    return new Promise((resolve, reject) => {
      c.req = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent }, (res) => {
        c.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => c.feed(chunk));
        res.on('error', () => {});
        resolve(c);
      });
      c.req.on('error', reject);
    });
  }

  private feed(chunk: string) {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const e: SseEvent = { id: null, event: 'message', data: '', receivedAt: performance.now() };
      let any = false;
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const i = line.indexOf(':');
        const field = i < 0 ? line : line.slice(0, i);
        const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
        any = true;
        if (field === 'id') e.id = value;
        else if (field === 'event') e.event = value;
        else if (field === 'data') e.data += e.data ? `\n${value}` : value;
      }
      if (any) this.events.push(e);
      end = this.buffer.indexOf('\n\n');
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /** The first queued event matching, removing it and everything before it; rejects after the deadline. */
  async next(match: (e: SseEvent) => boolean = () => true, timeoutMs = 5000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex(match);
      if (i >= 0) return this.events.splice(0, i + 1)[i] as SseEvent;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close() {
    this.req?.destroy();
  }
}

export const metricsEvent = (e: SseEvent) => e.event === 'metrics';
export const parse = (e: SseEvent) =>
  JSON.parse(e.data) as { metrics: Record<string, { value: number | null }>; snapshot: boolean };
