import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/client.js';
import { api, type Conversation } from '../api/endpoints.js';
import { describeError } from '../components/states.js';

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

export function ReplyBox({ conversation }: { conversation: Conversation }) {
  const [text, setText] = useState('');
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: (body: string) => api.send({ patient_id: conversation.patient_id, body }),
    onSuccess: () => {
      setText('');
      client.invalidateQueries({ queryKey: ['thread', conversation.id] });
      client.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
  const optedOut = conversation.patient.whatsapp_consent === 'opted_out';
  const windowClosed =
    !conversation.reply_window_ends_at || conversation.reply_window_ends_at.getTime() < Date.now();
  return (
    <form
      className="reply"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) send.mutate(text.trim());
      }}
    >
      {optedOut ? (
        <p className="notice" data-testid="reply-notice">
          The patient opted out of WhatsApp messages: replies cannot be sent.
        </p>
      ) : windowClosed ? (
        <p className="notice" data-testid="reply-notice">
          A template is required: the patient has not written in the last 24 hours.
        </p>
      ) : null}
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
      {send.isError && (
        <p className="error" id="reply-error" role="alert">
          {refusal(send.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={send.isPending || !text.trim()}>
        {send.isPending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
