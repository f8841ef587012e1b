import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Session } from '../../../shared/contract';
import { call, CrmError, messageOf } from '../api';
import './shell.css';

type Field = 'serverUrl' | 'token';

/**
 * The core reports invalid input as "serverUrl: …; token: …": each part goes under its
 * field, anything else above the button.
 */
function splitErrors(message: string): { fields: Partial<Record<Field, string>>; other: string[] } {
  const fields: Partial<Record<Field, string>> = {};
  const other: string[] = [];
  for (const part of message.split('; ')) {
    const match = /^(serverUrl|token): (.*)$/s.exec(part);
    if (match) fields[match[1] as Field] = match[2];
    else other.push(part);
  }
  return { fields, other };
}

/** "must be an http:// address" → "Must be an http:// address." */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

/** Sign-in and first run: what Fieldline is, and the server address and token to start with. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const ids = useId();
  const serverInput = useRef<HTMLInputElement>(null);
  const tokenInput = useRef<HTMLInputElement>(null);

  // After a sign-out the folder still knows its server: offer it again, and ask for the token.
  useEffect(() => {
    let live = true;
    call('session.current', {}).then(
      (session) => {
        if (!live || !session.serverUrl || serverInput.current?.value) return;
        setServerUrl(session.serverUrl);
        if (document.activeElement === serverInput.current) tokenInput.current?.focus();
      },
      // Only a convenience: without it the user types the address.
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      onSignedIn(await call('session.signIn', { serverUrl, token }));
    } catch (failure) {
      if (failure instanceof CrmError && failure.code === 'invalid_input') {
        const { fields, other } = splitErrors(failure.message);
        setFieldErrors(fields);
        setError(other.length ? other.join('; ') : null);
      } else {
        setError(messageOf(failure));
      }
      setBusy(false);
    }
  };

  const describedBy = (field: Field) => [`${ids}-${field}-hint`, fieldErrors[field] ? `${ids}-${field}-error` : ''].join(' ').trim();

  return (
    <main className="sign-in">
      <section className="sign-in-card" aria-labelledby={`${ids}-title`}>
        <h1 id={`${ids}-title`}>Welcome to Fieldline</h1>
        <p className="sign-in-intro">
          Fieldline keeps your office&apos;s leads, calls and follow-ups on this computer, so the pipeline opens at once and
          keeps working without a connection. Whatever you change is sent to your office&apos;s server whenever it can be
          reached, and your colleagues&apos; work comes back the same way.
        </p>
        <form className="sign-in-form" onSubmit={submit} noValidate aria-busy={busy}>
          <div className="field">
            <label htmlFor={`${ids}-serverUrl`}>Server address</label>
            <input
              id={`${ids}-serverUrl`}
              ref={serverInput}
              type="url"
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
              placeholder="https://crm.example.com"
              autoComplete="url"
              spellCheck={false}
              autoFocus
              aria-invalid={fieldErrors.serverUrl ? true : undefined}
              aria-describedby={describedBy('serverUrl')}
            />
            <span id={`${ids}-serverUrl-hint`} className="hint">
              The address of your office&apos;s Fieldline server, for example https://crm.example.com
            </span>
            {fieldErrors.serverUrl && (
              <span id={`${ids}-serverUrl-error`} className="field-error">
                {sentence(fieldErrors.serverUrl)}
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-token`}>Token</label>
            <input
              id={`${ids}-token`}
              ref={tokenInput}
              type="password"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={fieldErrors.token ? true : undefined}
              aria-describedby={describedBy('token')}
            />
            <span id={`${ids}-token-hint`} className="hint">
              The personal sign-in token your office gave you.
            </span>
            {fieldErrors.token && (
              <span id={`${ids}-token-error`} className="field-error">
                {sentence(fieldErrors.token)}
              </span>
            )}
          </div>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            Sign in
          </button>
          {busy && (
            <p className="muted" role="status">
              Signing in…
            </p>
          )}
        </form>
        <p className="sign-in-offline">
          <strong>No connection right now?</strong> You can still sign in and start working. Fieldline checks your token at
          the first sync; until then everything you do is kept on this computer.
        </p>
      </section>
    </main>
  );
}
