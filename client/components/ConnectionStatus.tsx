/** The connection state in words, announced politely to screen readers. */
import type { ConnectionState } from '../sync/roomConnection';

function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}

/** Where the waiting changes are, in the header's words. */
function keptWords(state: ConnectionState): string {
  const count = changes(state.pendingChanges);
  switch (state.keptWhere) {
    case 'computer':
      return `Saved on this laptop — ${count} waiting for the server`;
    case 'saving':
      return `Saving on this laptop — ${count} waiting for the server`;
    case 'tab':
      return `${count} waiting for the server, kept only in this tab: do not close it`;
  }
}

export function describeConnection(state: ConnectionState, savingFails = false): string {
  const waiting = state.pendingChanges > 0;
  switch (state.phase) {
    case 'connecting':
      return waiting ? `Connecting… ${keptWords(state)}` : 'Connecting…';
    case 'connected':
      // The server reached, but its own writes fail (F1): nothing is "saved" now.
      if (savingFails) return 'Connected — the server cannot save';
      return waiting ? `Connected — ${keptWords(state)}` : 'Connected — all changes saved';
    case 'reconnecting': {
      // After a 1012 the server said it is restarting: not an error, it will be back (D5).
      const words = state.restarting ?? 'Reconnecting…';
      return waiting ? `${words} ${keptWords(state)}` : words;
    }
    case 'offline':
      if (!waiting) return 'Offline — nothing waiting to be sent';
      return state.keptWhere === 'tab'
        ? `Offline — ${changes(state.pendingChanges)} kept only in this tab: do not close it`
        : `Offline — your changes are saved on this laptop (${changes(state.pendingChanges)} waiting for the server)`;
    case 'ended':
      return 'Disconnected';
  }
}

export function ConnectionStatus({ state, savingFails = false }: { state: ConnectionState; savingFails?: boolean }) {
  return (
    <p className={`connection connection--${state.phase}`} data-testid="connection-status" data-phase={state.phase} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {describeConnection(state, savingFails)}
    </p>
  );
}
