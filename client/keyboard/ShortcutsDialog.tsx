/**
 * The list of every key the room answers ("?" or the "Keyboard shortcuts" button), grouped,
 * with who may use each and the ones this person's role may not use marked. A native modal
 * <dialog>: the rest of the page is inert while it is open, Tab cycles inside it (rather
 * than out to the browser's own controls), Escape closes it, and the opener gives focus
 * back to where it was. The list scrolls, so it takes focus itself (arrows scroll it).
 */
import { Fragment, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from '../hooks/useModalDialog';
import { can, type Role } from '../../shared/roles';
import { SHORTCUTS, isMac, keyCaps, type KeyCombo, type Shortcut } from './shortcuts';

const GROUPS: Shortcut['group'][] = ['move', 'paragraph', 'text', 'help'];

interface ShortcutsDialogProps {
  role: Role;
  onClose(): void;
}

function Keys({ combo, mac }: { combo: KeyCombo; mac: boolean }) {
  const caps = keyCaps(combo, mac);
  return (
    <span className="shortcut-keys">
      {caps.map((cap, index) => (
        // The caps of one combination are different keys.
        <Fragment key={cap}>
          {index > 0 && !mac && '+'}
          <kbd>{cap}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsDialog({ role, onClose }: ShortcutsDialogProps) {
  const { t } = useTranslation('keyboard');
  const ref = useModalDialog();
  const id = useId();
  const mac = isMac();

  return (
    <dialog
      ref={ref}
      className="dialog shortcuts-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      data-testid="shortcuts-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Tab') return;
        const stops = [...event.currentTarget.querySelectorAll<HTMLElement>('[tabindex="0"], button')];
        const edge = event.shiftKey ? stops[0] : stops[stops.length - 1];
        if (document.activeElement !== edge) return;
        event.preventDefault();
        (event.shiftKey ? stops[stops.length - 1] : stops[0])?.focus();
      }}
    >
      <h2 id={`${id}-title`} className="dialog__title">
        {t('shortcuts.title')}
      </h2>
      <p id={`${id}-intro`} className="muted small">
        {t('shortcuts.intro')}
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus so keyboard users can scroll it (axe: scrollable-region-focusable) */}
      <div className="shortcuts-dialog__body" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
        {GROUPS.map((group) => (
          <table key={group} className="shortcuts">
            <caption>{t(`shortcuts.groups.${group}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('shortcuts.columns.keys')}</th>
                <th scope="col">{t('shortcuts.columns.action')}</th>
                <th scope="col">{t('shortcuts.columns.who')}</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUTS.filter((shortcut) => shortcut.group === group).map((shortcut) => {
                const allowed = shortcut.right === null || can(role, shortcut.right);
                return (
                  <tr key={shortcut.id} className={allowed ? undefined : 'is-unavailable'} data-shortcut={shortcut.id}>
                    <td>
                      {shortcut.combos.map((combo, index) => (
                        <Fragment key={keyCaps(combo, false).join('+')}>
                          {index > 0 && <span className="shortcut-or"> {t('shortcuts.or')} </span>}
                          <Keys combo={combo} mac={mac} />
                        </Fragment>
                      ))}
                    </td>
                    <td>{t(`shortcuts.action.${shortcut.id}`)}</td>
                    <td>
                      {t(`shortcuts.who.${shortcut.right ?? 'everyone'}`)}
                      {!allowed && <strong className="shortcut-not-yours"> · {t('shortcuts.notForYou')}</strong>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
      </div>
      <div className="dialog__actions">
        {/* biome-ignore lint/a11y/noAutofocus: a dialog moves focus into itself, as the ARIA dialog pattern asks */}
        <button type="button" className="button button--primary" onClick={onClose} autoFocus>
          {t('shortcuts.close')}
        </button>
      </div>
    </dialog>
  );
}
