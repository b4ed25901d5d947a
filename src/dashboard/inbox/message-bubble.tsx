import type { Message } from '../api/endpoints.js';
import { formatDateTime } from '../time.js';

/** WhatsApp-style ticks in words too: a screen reader hears "read", not "two blue ticks". */
const TICKS: Partial<Record<Message['status'], [string, string]>> = {
  accepted: ['🕓', 'queued'],
  scheduled: ['🕓', 'queued'],
  queued: ['🕓', 'queued'],
  sending: ['🕓', 'sending'],
  sent: ['✓', 'sent'],
  delivered: ['✓✓', 'delivered'],
  read: ['✓✓', 'read'],
  partially_delivered: ['✓', 'partially delivered'],
  undelivered: ['!', 'not delivered'],
  failed: ['!', 'failed'],
  canceled: ['✕', 'cancelled'],
};

function Ticks({ m }: { m: Message }) {
  const tick = TICKS[m.status];
  if (!tick) return null;
  return (
    <span className={`ticks ticks-${m.status}`} data-testid="ticks" data-status={m.status}>
      <span aria-hidden="true">{tick[0]}</span> {tick[1]}
      {/* Twilio's status callbacks often carry only the code. */}
      {(m.error_message || m.error_code) && ` — ${m.error_message ?? `Twilio error ${m.error_code}`}`}
    </span>
  );
}

function Media({ m }: { m: Message }) {
  return (
    <ul className="media">
      {m.media.map((item, i) => {
        const key = item.id ?? `${m.id}-${i}`;
        // Until the background download has stored it there is nothing to show (the thread is polled).
        if (item.status && item.status !== 'stored')
          return (
            <li key={key} className="muted" data-testid="media-unavailable">
              Attachment ({item.content_type}){' '}
              {item.status === 'pending' ? 'downloading…' : 'could not be downloaded'}
            </li>
          );
        const src = item.id ? `/api/v1/whatsapp/media/${item.id}` : null;
        if (src && item.content_type.startsWith('image/'))
          return (
            <li key={key}>
              <a href={src} target="_blank" rel="noreferrer">
                <img src={src} alt={`Attachment sent by the patient (${item.content_type})`} loading="lazy" />
              </a>
            </li>
          );
        return (
          <li key={key}>
            {src ? (
              <a href={src} target="_blank" rel="noreferrer">
                Open attachment ({item.content_type})
              </a>
            ) : (
              <span className="muted">Attachment ({item.content_type}) not stored</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Location({ loc }: { loc: NonNullable<Message['location']> }) {
  const { latitude, longitude, label, address } = loc;
  return (
    <p className="location">
      <span aria-hidden="true">📍</span> Location: {label ? `${label}, ` : ''}
      {address ? `${address} ` : ''}({latitude}, {longitude})
    </p>
  );
}

export function MessageBubble({ m, timeZone, locale }: { m: Message; timeZone: string; locale: string }) {
  return (
    <li className={`bubble bubble-${m.direction}`} data-testid="message" data-id={m.id}>
      <span className="visually-hidden">{m.direction === 'inbound' ? 'Patient:' : 'Clinic:'}</span>
      {m.button_text && (
        <p className="button-reply">
          Tapped button: <strong>{m.button_text}</strong>
        </p>
      )}
      {m.body && !m.button_text && <p className="body">{m.body}</p>}
      {m.template_sid && !m.body && <p className="muted">Template {m.template_sid}</p>}
      {m.media.length > 0 && <Media m={m} />}
      {m.location && <Location loc={m.location} />}
      <p className="meta">
        <time dateTime={m.created_at.toISOString()}>{formatDateTime(m.created_at, timeZone, locale)}</time>
        {m.direction === 'outbound' && <Ticks m={m} />}
      </p>
    </li>
  );
}
