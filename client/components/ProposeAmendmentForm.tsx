/**
 * Proposing an amendment to one paragraph: replace its text (the box starts with the
 * current text), add a paragraph after it, or delete it. An agreed (locked) paragraph can
 * only have a paragraph added after it: the form says so and starts there, and if someone
 * tries anyway (or the lock lands while they type) the server refuses and the form says why.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AmendmentKind } from '../api/workflowTypes';
import type { Outcome } from '../hooks/useWorkflowActions';

const KINDS: readonly AmendmentKind[] = ['replace', 'insert-after', 'delete'];

interface ProposeAmendmentFormProps {
  /** "paragraph 3". */
  where: string;
  currentText: string;
  /**
   * Words to start from instead of the paragraph's text: the author's own version that the
   * server did not keep. On a locked paragraph (which cannot be replaced, M4) they start as
   * a paragraph to add after it.
   */
  draft?: string;
  /**
   * Set when `draft` is what the person typed into the paragraph while their typing is a
   * suggestion (pen-holder mode): the kind it starts as, and where the caret goes in the box.
   */
  /** `refocus` counts the times the person came back to the paragraph while this box holds its suggestion. */
  suggestion?: { kind: AmendmentKind; caret: number; refocus?: number };
  locked: boolean;
  lockedBy: string | null;
  onSubmit(kind: AmendmentKind, text: string): Promise<Outcome>;
  onDone(): void;
}

export function ProposeAmendmentForm({
  where,
  currentText,
  draft,
  suggestion,
  locked,
  lockedBy,
  onSubmit,
  onDone,
}: ProposeAmendmentFormProps) {
  const { t } = useTranslation('workflow');
  const [kind, setKind] = useState<AmendmentKind>(locked ? 'insert-after' : (suggestion?.kind ?? 'replace'));
  const [text, setText] = useState(draft ?? (locked ? '' : currentText));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  // Typing goes on in the box where it left the paragraph.
  const caret = suggestion?.caret;
  useEffect(() => {
    box.current?.focus();
    if (caret !== undefined) box.current?.setSelectionRange(caret, caret);
  }, [caret]);
  // Typing in the paragraph again comes back here, to the words as the person left them.
  const refocus = suggestion?.refocus;
  useEffect(() => {
    if (refocus) box.current?.focus();
  }, [refocus]);

  const choose = (next: AmendmentKind) => {
    setKind(next);
    setError(null);
    // Replacing starts from the paragraph as it stands; an addition starts empty.
    if (next === 'replace' && (text === '' || kind !== 'replace')) setText(currentText);
    if (next === 'insert-after' && kind === 'replace' && text === currentText) setText('');
  };

  const unchanged = kind === 'replace' && text.trim() === currentText.trim();
  const empty = kind !== 'delete' && text.trim() === '';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (unchanged || empty) return;
    setBusy(true);
    const outcome = await onSubmit(kind, text);
    setBusy(false);
    if (outcome === null) onDone();
    else setError(outcome);
  };

  return (
    <form className="amend-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`} data-testid="amendment-form">
      <h3 className="subheading" id={`${id}-title`}>
        {t('amendments.propose', { where })}
      </h3>
      {locked && (
        <p className="amend-form__note" role="note">
          {lockedBy ? t('propose.lockedBy', { by: lockedBy }) : t('propose.locked')}
        </p>
      )}
      {draft !== undefined && suggestion === undefined && (
        <p className="amend-form__note" role="note" data-testid="amendment-draft-note">
          {locked ? t('propose.draftLocked') : t('propose.draft')}
        </p>
      )}
      {suggestion !== undefined && (
        <p className="amend-form__note" role="note" data-testid="amendment-suggestion-note">
          {t('propose.suggestion')}
        </p>
      )}
      <label className="field">
        <span className="field__label">{t('propose.kind')}</span>
        <select className="input" data-testid="amendment-kind" value={kind} onChange={(e) => choose(e.target.value as AmendmentKind)}>
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`propose.kinds.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'delete' ? (
        <p className="muted">{t('propose.deleteNote', { where })}</p>
      ) : (
        <label className="field">
          <span className="field__label">{kind === 'replace' ? t('propose.newText') : t('propose.addedText')}</span>
          <textarea
            ref={box}
            className="input amend-form__text"
            data-testid="amendment-text"
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
          />
          {unchanged && <span className="field__hint">{t('propose.unchanged')}</span>}
        </label>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="amendment-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--small" onClick={onDone}>
          {t('common:action.cancel')}
        </button>
        <button
          type="submit"
          className="button button--small button--primary"
          data-testid="amendment-submit"
          disabled={busy || unchanged || empty}
        >
          {busy ? t('propose.proposing') : t('propose.submit')}
        </button>
      </div>
    </form>
  );
}
