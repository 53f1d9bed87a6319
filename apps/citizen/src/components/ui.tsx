// Hand-written, accessible building blocks: every control has a visible label tied to it, errors
// are announced, and tap targets are at least 48 px (56 px in large-text mode).
import { createContext, useContext, useId, useState, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { ApiError } from '../api';

interface FieldProps { label: string; hint?: string; error?: string }

export function TextField({ label, hint, error, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <input id={id} aria-invalid={!!error} aria-describedby={[hint && `${id}-hint`, error && `${id}-err`].filter(Boolean).join(' ') || undefined} {...input} />
      {error && <p className="field-error" id={`${id}-err`}>{error}</p>}
    </div>
  );
}

export function TextArea({ label, hint, error, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <textarea id={id} rows={4} aria-invalid={!!error} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

export function Select({ label, hint, options, ...input }: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: [string, string][] }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      <select id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input}>
        {options.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
      </select>
    </div>
  );
}

export function Check({ label, hint, ...input }: { label: ReactNode; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="check">
      <input type="checkbox" id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}{hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}</label>
    </div>
  );
}

export function Problem({ error }: { error: ApiError | Error | null }) {
  if (!error) return null;
  const list = 'errors' in error ? error.errors : [];
  return (
    <div className="problem" role="alert">
      <p>{error.message}</p>
      {list.length > 0 && <ul>{list.map((e, i) => <li key={i}>{e.message}</li>)}</ul>}
    </div>
  );
}

export function Loading({ what = '正在加载' }: { what?: string }) {
  return <p className="loading" role="status" aria-live="polite">{what}…</p>;
}

export const GlossaryContext = createContext<Record<string, string>>({});

/** A term of art with its plain meaning one tap away. */
export function Term({ t, children }: { t: string; children?: ReactNode }) {
  const terms = useContext(GlossaryContext);
  const [open, setOpen] = useState(false);
  const id = useId();
  const meaning = terms[t];
  if (!meaning) return <>{children ?? t}</>;
  return (
    <span className="term">
      <button type="button" className="term-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {children ?? t}<span className="term-mark" aria-hidden="true">?</span><span className="sr-only">（点按查看解释）</span>
      </button>
      {open && <span className="term-note" id={id} role="note">{t}：{meaning}</span>}
    </span>
  );
}

export function Card({ title, children, tone }: { title?: ReactNode; children: ReactNode; tone?: 'good' | 'bad' | 'info' }) {
  return (
    <section className={`card${tone ? ` card-${tone}` : ''}`}>
      {title && <h2>{title}</h2>}
      {children}
    </section>
  );
}
