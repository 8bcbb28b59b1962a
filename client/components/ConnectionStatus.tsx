/** The connection state in words, announced politely to screen readers. */
import type { ConnectionState } from '../sync/roomConnection';

function waiting(count: number): string {
  return count === 1 ? '1 change waiting' : `${count} changes waiting`;
}

export function describeConnection(state: ConnectionState): string {
  switch (state.phase) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return state.pendingChanges > 0 ? `Reconnecting… ${waiting(state.pendingChanges)}` : 'Reconnecting…';
    case 'offline':
      return state.pendingChanges > 0
        ? `Offline — your changes are kept and will sync (${waiting(state.pendingChanges)})`
        : 'Offline — your changes are kept and will sync';
    case 'ended':
      return 'Disconnected';
  }
}

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <p className={`connection connection--${state.phase}`} data-testid="connection-status" data-phase={state.phase} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {describeConnection(state)}
    </p>
  );
}
