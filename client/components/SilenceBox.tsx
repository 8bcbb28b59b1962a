/**
 * The silence procedure in the room (PROTOCOL.md Q1–Q3): what is under silence and until
 * when, which delegations broke it, and how each one ended; "Break silence" for a person
 * acting for a named delegation, and "Silence procedure…" for the Senior Adviser to open one.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { workflowApi } from '../api/workflow';
import type { SilenceProcedure } from '../api/workflowTypes';
import type { BlockInfo } from '../editor/blocks';
import { blockName, formatTime } from '../format';
import { apiErrorText } from '../i18n/apiErrorText';
import { FormDialog } from './FormDialog';
import { ReasonDialog } from './ReasonDialog';

interface SilenceBoxProps {
  token: string;
  docId: string;
  /** Changes whenever the room reports a silence event, to reload. */
  version: number;
  blocks: BlockInfo[];
  /** The delegation this person's invite names ('' for none: silence is broken by a named delegation, N2). */
  delegation: string;
  canOpen: boolean;
  canBreak: boolean;
  onError(text: string): void;
}

export function SilenceBox({ token, docId, version, blocks, delegation, canOpen, canBreak, onError }: SilenceBoxProps) {
  const { t } = useTranslation('workflow');
  const [procedures, setProcedures] = useState<SilenceProcedure[]>([]);
  const [breaking, setBreaking] = useState<SilenceProcedure | null>(null);
  const [opening, setOpening] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (a silence event) is what makes it load again
  useEffect(() => {
    let current = true;
    workflowApi.silence(token, docId).then(
      (list) => current && setProcedures(list),
      () => undefined, // the room's own connection state says when the server cannot be reached
    );
    return () => {
      current = false;
    };
  }, [token, docId, version]);

  const where = (procedure: SilenceProcedure) => {
    if (procedure.blockId === null) return t('silence.wholeText');
    const block = blocks.find((b) => b.id === procedure.blockId);
    return block ? blockName(block.number) : t('common:block.some');
  };
  const open = procedures.filter((p) => p.outcome === 'open');
  const lastEnded = procedures.filter((p) => p.outcome !== 'open').at(-1);
  const shown = lastEnded ? [...open, lastEnded] : open;
  if (shown.length === 0 && !canOpen) return null;

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      onError(t('silence.failed', { reason: apiErrorText(error) }));
    }
  };

  return (
    <section className="side-section silence" aria-labelledby="silence-heading" data-testid="silence-box">
      <h2 id="silence-heading" className="side-section__title">
        {t('silence.title')}
      </h2>
      <ul className="silence__list">
        {shown.map((procedure) => {
          const list = procedure.breaks.map((b) => b.delegation).join(', ');
          const values = { where: where(procedure), deadline: formatTime(procedure.deadline), list };
          const mine = procedure.breaks.some((b) => b.delegation === delegation);
          return (
            <li
              key={procedure.id}
              className={`silence__item silence__item--${procedure.outcome}`}
              data-testid="silence-item"
              data-outcome={procedure.outcome}
            >
              <p className="silence__line">
                {procedure.outcome === 'open' ? t('silence.open', values) : t(`silence.${procedure.outcome}`, values)}
              </p>
              {procedure.outcome === 'open' && list && <p className="silence__line muted">{t('silence.brokenSoFar', { list })}</p>}
              {procedure.outcome === 'open' && canBreak && delegation && !mine && (
                <button
                  type="button"
                  className="button button--small button--danger"
                  data-testid="break-silence"
                  onClick={() => setBreaking(procedure)}
                >
                  {t('silence.break', { delegation })}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {canOpen && (
        <button type="button" className="button button--small" data-testid="open-silence" onClick={() => setOpening(true)}>
          {t('silence.start')}
        </button>
      )}
      {breaking && (
        <ReasonDialog
          title={t('silence.breakTitle', { where: where(breaking) })}
          text={t('silence.breakText', { where: where(breaking), deadline: formatTime(breaking.deadline), delegation })}
          confirmLabel={t('silence.breakConfirm')}
          onConfirm={(reason) => {
            const procedure = breaking;
            setBreaking(null);
            void run(() => workflowApi.breakSilence(token, docId, procedure.id, reason));
          }}
          onCancel={() => setBreaking(null)}
        />
      )}
      {opening && (
        <OpenSilenceDialog
          blocks={blocks}
          onOpen={(blockId, deadline) => {
            setOpening(false);
            void run(() => workflowApi.openSilence(token, docId, { blockId, deadline }));
          }}
          onCancel={() => setOpening(false)}
        />
      )}
    </section>
  );
}

/** The adviser's form: what goes under silence, and until when (in this computer's time, sent with its zone). */
function OpenSilenceDialog({
  blocks,
  onOpen,
  onCancel,
}: {
  blocks: BlockInfo[];
  onOpen(blockId: string | null, deadline: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('workflow');
  const [scope, setScope] = useState('');
  const [local, setLocal] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const numbered = blocks.filter((b): b is BlockInfo & { id: string; number: number } => b.id !== null && b.number !== null);

  const submit = () => {
    // A datetime-local value is this computer's wall time: Date reads it so, and toISOString sends the instant.
    const at = local ? new Date(local) : null;
    if (at === null || Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
      setProblem(t('silence.deadlineMissing'));
      return;
    }
    onOpen(scope || null, at.toISOString());
  };

  return (
    <FormDialog
      title={t('silence.startTitle')}
      testId="silence-dialog"
      confirmLabel={t('silence.startConfirm')}
      confirmTestId="silence-confirm"
      onSubmit={submit}
      onCancel={onCancel}
    >
      <p>{t('silence.startText')}</p>
      <label className="field">
        <span className="field__label">{t('silence.scope')}</span>
        <select className="input" data-testid="silence-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">{t('silence.wholeText')}</option>
          {numbered.map((block) => (
            <option key={block.id} value={block.id}>
              {blockName(block.number)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('silence.deadline')}</span>
        <input
          type="datetime-local"
          className="input"
          data-testid="silence-deadline"
          step={1}
          value={local}
          aria-invalid={problem !== null}
          onChange={(e) => {
            setLocal(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </FormDialog>
  );
}
