/** The room's header: title, who you are, the connection in words, and the room's actions. */
import { useTranslation } from 'react-i18next';
import type { Role } from '../../shared/roles';
import type { ConnectionState } from '../sync/roomConnection';
import { ConnectionStatus } from './ConnectionStatus';
import { LanguageSwitch } from './LanguageSwitch';
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

export function RoomHeader({
  title,
  name,
  delegation,
  role,
  connection,
  savingFails = false,
  canManage,
  actions,
  onShowHistory,
  onShowSettings,
}: RoomHeaderProps) {
  const { t } = useTranslation('room');
  return (
    <header className="room-header">
      <div className="room-header__main">
        <a className="brand" href="/" aria-label={t('header.home')}>
          Draftroom
        </a>
        <div className="room-header__titles">
          <h1 className="room-header__title" data-testid="room-title">
            {title}
          </h1>
          <p className="room-header__me">
            <span className="sr-only">{t('header.youAre')} </span>
            <span data-testid="my-name">{name}</span>
            {delegation && (
              <span className="muted room-header__delegation" title={delegation}>
                {' '}
                · {delegation}
              </span>
            )}
            <RoleBadge role={role} testId="role-badge" />
          </p>
        </div>
      </div>
      <div className="room-header__side">
        <ConnectionStatus state={connection} savingFails={savingFails} />
        <nav className="room-header__actions" aria-label={t('header.actions')}>
          <button type="button" className="button button--small" data-testid="open-lock-history" onClick={onShowHistory}>
            {t('header.lockHistory')}
          </button>
          {canManage && (
            <button type="button" className="button button--small" data-testid="open-room-settings" onClick={onShowSettings}>
              {t('header.settings')}
            </button>
          )}
          {actions}
          <LanguageSwitch compact />
        </nav>
      </div>
    </header>
  );
}
