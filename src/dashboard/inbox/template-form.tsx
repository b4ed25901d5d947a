import { useState } from 'react';

export type Template = { content_sid: string; variables?: Record<string, string> };

const SID = /^HX[0-9a-fA-F]{32}$/;

type Props = {
  pending: boolean;
  onSend: (template: Template, done: () => void) => void;
};

/**
 * An approved WhatsApp template by its Twilio Content SID, with the values of its numbered placeholders
 * ({{1}}, {{2}}, …). PRM keeps no template list (they live in the Twilio account), so the SID is typed in.
 */
export function TemplateForm({ pending, onSend }: Props) {
  const [sid, setSid] = useState('');
  const [vars, setVars] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const sidValid = SID.test(sid.trim());
  const setVar = (i: number, v: string) => setVars(vars.map((x, j) => (j === i ? v : x)));
  return (
    <form
      className="reply template"
      aria-label="Template message"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!sidValid) return;
        const variables = Object.fromEntries(vars.map((v, i) => [String(i + 1), v]));
        onSend({ content_sid: sid.trim(), ...(vars.length ? { variables } : {}) }, () => {
          setSid('');
          setVars([]);
          setTouched(false);
        });
      }}
    >
      <label className="field">
        <span>Content SID</span>
        <input
          value={sid}
          maxLength={34}
          spellCheck={false}
          autoComplete="off"
          placeholder="HX…"
          onChange={(e) => setSid(e.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={touched && !sidValid}
          aria-describedby="template-sid-hint"
        />
      </label>
      <p className={touched && !sidValid ? 'error' : 'muted'} id="template-sid-hint">
        The approved template's Content SID from Twilio: HX followed by 32 hexadecimal digits.
      </p>
      {vars.map((v, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders are numbered by position
        <label className="field" key={i}>
          <span>{`Variable {{${i + 1}}}`}</span>
          <input value={v} maxLength={1024} onChange={(e) => setVar(i, e.target.value)} />
        </label>
      ))}
      <div className="template-vars">
        <button
          type="button"
          className="button button-quiet"
          disabled={vars.length >= 20}
          onClick={() => setVars([...vars, ''])}
        >
          Add variable
        </button>
        {vars.length > 0 && (
          <button type="button" className="button button-quiet" onClick={() => setVars(vars.slice(0, -1))}>
            Remove last variable
          </button>
        )}
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? 'Sending…' : 'Send template'}
      </button>
    </form>
  );
}
