/** The connection state in words, announced politely to screen readers. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../sync/roomConnection';

/** Where the waiting changes are, in the header's words. */
function keptWords(t: TFunction, state: ConnectionState): string {
  return t(`kept.${state.keptWhere}`, { count: state.pendingChanges });
}

export function describeConnection(t: TFunction, state: ConnectionState, savingFails = false): string {
  const waiting = state.pendingChanges > 0;
  switch (state.phase) {
    case 'connecting':
      return waiting ? t('phase.connectingWaiting', { kept: keptWords(t, state) }) : t('phase.connecting');
    case 'connected':
      // The server reached, but its own writes fail (F1): nothing is "saved" now.
      if (savingFails) return t('phase.connectedSavingFails');
      return waiting ? t('phase.connectedWaiting', { kept: keptWords(t, state) }) : t('phase.connected');
    case 'reconnecting': {
      // After a 1012 the server said it is restarting: not an error, it will be back (D5).
      const words = state.restarting ? t('restarting') : t('phase.reconnecting');
      return waiting ? `${words} ${keptWords(t, state)}` : words;
    }
    case 'offline':
      if (!waiting) return t('phase.offline');
      return t(state.keptWhere === 'tab' ? 'phase.offlineInTab' : 'phase.offlineOnLaptop', { count: state.pendingChanges });
    case 'ended':
      return t('phase.ended');
  }
}

export function ConnectionStatus({ state, savingFails = false }: { state: ConnectionState; savingFails?: boolean }) {
  const { t } = useTranslation('connection');
  return (
    <p
      className={`connection connection--${state.phase}`}
      data-testid="connection-status"
      data-phase={state.phase}
      role="status"
      aria-live="polite"
    >
      <span className="connection__dot" aria-hidden="true" />
      {describeConnection(t, state, savingFails)}
    </p>
  );
}
