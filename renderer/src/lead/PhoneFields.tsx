import { useEffect, useId, useRef, useState } from 'react';
import type { Phone } from '../../../shared/phone';

type Normalise = (raw: string) => Phone;
/** The shared normaliser carries libphonenumber's metadata (~120 kB): loaded on first use, not with the app. */
let normaliser: Promise<Normalise> | null = null;

function useNormaliser(wanted: boolean): Normalise | null {
  const [normalise, setNormalise] = useState<Normalise | null>(null);
  useEffect(() => {
    if (!wanted || normalise) return;
    normaliser ??= import('../../../shared/phone').then((m) => (raw: string) => m.normalizePhone(raw));
    let live = true;
    void normaliser.then((fn) => live && setNormalise(() => fn));
    return () => {
      live = false;
    };
  }, [wanted, normalise]);
  return normalise;
}

/**
 * Phone rows: one input per number, "Add another phone", and under each number the
 * E.164 form it is (or will be) stored as, with a `tel:` link to call it. `saved` are
 * the lead's stored phones: their E.164 comes from the core; a number not saved yet is
 * previewed with the same shared normaliser the core uses.
 */
export function PhoneFields(props: {
  phones: string[];
  onChange: (phones: string[]) => void;
  saved?: readonly Phone[];
  error?: string | undefined;
  disabled?: boolean;
}) {
  const { phones, onChange, saved = [] } = props;
  const base = useId();
  const errorId = `${base}-error`;
  const normalise = useNormaliser(phones.some((p) => p.trim() && !saved.some((s) => s.raw === p.trim())));
  // "Add another phone" puts the cursor in the new row, ready to type.
  const container = useRef<HTMLDivElement>(null);
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    const inputs = container.current?.querySelectorAll('input');
    inputs?.[inputs.length - 1]?.focus();
  }, [phones.length]);
  const add = () => {
    added.current = true;
    onChange([...phones, '']);
  };
  const set = (index: number, value: string) => onChange(phones.map((p, i) => (i === index ? value : p)));
  const remove = (index: number) => {
    const rest = phones.filter((_, i) => i !== index);
    onChange(rest.length ? rest : ['']);
  };
  return (
    <div className="phone-fields" ref={container}>
      {phones.map((raw, index) => {
        const trimmed = raw.trim();
        const stored = saved.find((p) => p.raw === trimmed);
        const preview = stored ?? normalise?.(trimmed);
        const e164 = trimmed ? (preview?.e164 ?? null) : null;
        const label = index === 0 ? 'Phone' : `Phone ${index + 1}`;
        const hintId = `${base}-${index}-hint`;
        return (
          <div className="phone-row" key={index}>
            <label>
              {label}
              <input
                type="tel"
                value={raw}
                autoComplete="off"
                disabled={props.disabled}
                onChange={(event) => set(index, event.target.value)}
                aria-invalid={props.error ? true : undefined}
                aria-describedby={[trimmed && preview ? hintId : '', props.error ? errorId : ''].join(' ').trim() || undefined}
              />
            </label>
            {trimmed && preview && (
              <span className="phone-hint" id={hintId}>
                {e164 ? (
                  <>
                    {stored ? 'Stored as' : 'Will be stored as'}{' '}
                    <a href={`tel:${e164}`} className="phone-link">
                      {e164}
                    </a>
                  </>
                ) : (
                  <span className="warn-text">Not a recognised number; kept as typed</span>
                )}
              </span>
            )}
            {(phones.length > 1 || trimmed) && (
              <button type="button" className="link-button" disabled={props.disabled} onClick={() => remove(index)}>
                Remove<span className="sr-only"> {label.toLowerCase()}</span>
              </button>
            )}
          </div>
        );
      })}
      {props.error && (
        <span className="field-error" id={errorId}>
          {props.error}
        </span>
      )}
      <div>
        <button type="button" className="link-button" disabled={props.disabled || phones.length >= 10} onClick={add}>
          Add another phone
        </button>
      </div>
    </div>
  );
}
