/** The room's header: title, who you are, the connection in words, and the room's actions. */
import type { Role } from '../../shared/roles';
import type { ConnectionState } from '../sync/roomConnection';
import { ConnectionStatus } from './ConnectionStatus';
import { RoleBadge } from './RoleBadge';

interface RoomHeaderProps {
  title: string;
  name: string;
  delegation: string;
  role: Role;
  connection: ConnectionState;
  /** True while the server cannot save (F1). */
  savingFails?: boolean;
  canManage: boolean;
  actions: React.ReactNode;
  onShowHistory(): void;
  onShowSettings(): void;
}

export function RoomHeader({ title, name, delegation, role, connection, savingFails = false, canManage, actions, onShowHistory, onShowSettings }: RoomHeaderProps) {
  return (
    <header className="room-header">
      <div className="room-header__main">
        <a className="brand" href="/" aria-label="Draftroom home">
          Draftroom
        </a>
        <div className="room-header__titles">
          <h1 className="room-header__title" data-testid="room-title">
            {title}
          </h1>
          <p className="room-header__me">
            <span className="sr-only">You are </span>
            <span data-testid="my-name">{name}</span>
            {delegation && <span className="muted"> · {delegation}</span>}
            <RoleBadge role={role} testId="role-badge" />
          </p>
        </div>
      </div>
      <div className="room-header__side">
        <ConnectionStatus state={connection} savingFails={savingFails} />
        <nav className="room-header__actions" aria-label="Room">
          <button type="button" className="button button--small" data-testid="open-lock-history" onClick={onShowHistory}>
            Lock history
          </button>
          {canManage && (
            <button type="button" className="button button--small" data-testid="open-room-settings" onClick={onShowSettings}>
              Room settings
            </button>
          )}
          {actions}
        </nav>
      </div>
    </header>
  );
}
