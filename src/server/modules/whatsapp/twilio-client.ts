import twilio from 'twilio';
import type { ResolvedChannel } from './channel-directory.js';

/**
 * The official client, optionally pointed at another base URL (a local fake of Twilio's REST API in
 * tests and demos) through its httpClient hook. Its own retries stay off: the job queue owns retries.
 */
export function twilioClientFactory(baseUrl: string | undefined) {
  const inner = new twilio.RequestClient({ autoRetry: false, timeout: 15_000 });
  const httpClient = baseUrl
    ? ({
        request: (opts: Parameters<twilio.RequestClient['request']>[0]) =>
          inner.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+/, baseUrl) }),
      } as unknown as twilio.RequestClient)
    : inner;
  return (channel: ResolvedChannel) => twilio(channel.accountSid, channel.authToken, { httpClient });
}
export type TwilioClientFactory = ReturnType<typeof twilioClientFactory>;

/** Twilio's own verdict on a failed call: worth retrying (rate limit, outage, network) or final. */
export function isTransientTwilioError(err: unknown) {
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') return status === 429 || status >= 500;
  return true;
}
