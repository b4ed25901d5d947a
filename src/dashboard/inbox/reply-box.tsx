import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { api, type Conversation } from '../api/endpoints.js';
import { describeError } from '../components/states.js';
import { type Template, TemplateForm } from './template-form.js';

/** Why the server refused a reply, in the words a receptionist needs. */
function refusal(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    if (error.problem?.type.endsWith('/template_required'))
      return 'A template is required: the patient has not written in the last 24 hours, so WhatsApp allows only an approved template message.';
    if (error.problem?.type.endsWith('/opted_out'))
      return 'The patient opted out of WhatsApp messages (they sent STOP). Nothing can be sent until they send START.';
  }
  return describeError(error);
}

type Outgoing = { body: string } | { template: Template };

/**
 * A free-form reply or an approved template. Outside the 24-hour window the template form comes first,
 * since WhatsApp refuses anything else; the server stays the judge (the window may close while typing).
 */
export function ReplyBox({ conversation }: { conversation: Conversation }) {
  const windowClosed =
    !conversation.reply_window_ends_at || conversation.reply_window_ends_at.getTime() < Date.now();
  const [mode, setMode] = useState<'text' | 'template'>(windowClosed ? 'template' : 'text');
  const [text, setText] = useState('');
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: (out: Outgoing) => api.send({ patient_id: conversation.patient_id, ...out }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['thread', conversation.id] });
      client.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
  const optedOut = conversation.patient.whatsapp_consent === 'opted_out';
  const error = send.isError && (
    <p className="error" id="reply-error" role="alert">
      {refusal(send.error)}
    </p>
  );
  return (
    <div className="reply-box">
      {optedOut ? (
        <p className="notice" data-testid="reply-notice">
          The patient opted out of WhatsApp messages: replies cannot be sent.
        </p>
      ) : windowClosed ? (
        <p className="notice" data-testid="reply-notice">
          A template is required: the patient has not written in the last 24 hours.
        </p>
      ) : null}
      <fieldset className="reply-mode">
        <legend className="visually-hidden">What to send</legend>
        {(
          [
            ['text', 'Write a message'],
            ['template', 'Use a template'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name={`reply-mode-${conversation.id}`}
              checked={mode === value}
              onChange={() => {
                setMode(value);
                send.reset();
              }}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {mode === 'template' ? (
        <TemplateForm
          pending={send.isPending}
          onSend={(template, done) => send.mutate({ template }, { onSuccess: done })}
        />
      ) : (
        <form
          className="reply"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) send.mutate({ body: text.trim() }, { onSuccess: () => setText('') });
          }}
        >
          <label className="field">
            <span>Reply</span>
            <textarea
              value={text}
              maxLength={1600}
              rows={3}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={send.isError ? 'reply-error' : undefined}
            />
          </label>
          <button type="submit" className="button button-primary" disabled={send.isPending || !text.trim()}>
            {send.isPending ? 'Sending…' : 'Send'}
          </button>
        </form>
      )}
      {error}
    </div>
  );
}
