/**
 * `/d/<docId>`: takes the token from the link, asks the server who it is, asks a role
 * link's holder for a name once, then opens the room. A link that cannot work gets a
 * clear page instead of an empty editor.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints';
import type { SessionInfo } from '../api/types';
import { JoinDialog } from '../components/JoinDialog';
import { RoomWorkspace } from '../components/RoomWorkspace';
import { rememberIdentity, rememberedIdentity, type Identity } from '../session/identity';
import { inviteIdOf, keepAdviserToken, takeRoomToken } from '../session/tokens';
import { dropLocalCopiesOf } from '../sync/localCopy';
import { LinkProblemPage, problemFromError, type LinkProblem } from './LinkProblemPage';

type Stage =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: LinkProblem }
  | { kind: 'join'; session: SessionInfo }
  | { kind: 'room'; session: SessionInfo; identity: Identity };

export default function RoomPage({ docId }: { docId: string }) {
  const { t } = useTranslation('common');
  const [token] = useState(() => takeRoomToken(docId));
  const [stage, setStage] = useState<Stage>(token ? { kind: 'loading' } : { kind: 'problem', problem: { kind: 'no-token' } });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` (Retry) is what makes it start again
  useEffect(() => {
    if (!token) return;
    let current = true;
    setStage({ kind: 'loading' });
    api.session(token).then(
      (session) => {
        if (!current) return;
        if (session.docId !== docId) {
          setStage({ kind: 'problem', problem: { kind: 'other-room' } });
          return;
        }
        if (session.role === 'adviser') keepAdviserToken(token);
        // A named invite fixes the name and delegation; one naming only a delegation fixes that (N2, N3).
        const remembered = rememberedIdentity();
        const identity = session.name
          ? { name: session.name, delegation: session.delegation ?? '' }
          : remembered && { name: remembered.name, delegation: session.delegation ?? remembered.delegation };
        setStage(identity ? { kind: 'room', session, identity } : { kind: 'join', session });
      },
      (error: unknown) => {
        if (!current) return;
        // The token stays kept: after a reload the page still says why it does not work.
        const problem = problemFromError(error, retry);
        // Nothing kept on this computer for a revoked or expired invite, or a room that is gone, can ever be sent (O3).
        const inviteId = inviteIdOf(token);
        if ((problem.kind === 'revoked' || problem.kind === 'expired') && inviteId) void dropLocalCopiesOf(docId, inviteId);
        if (problem.kind === 'not-found') void dropLocalCopiesOf(docId, null);
        setStage({ kind: 'problem', problem });
      },
    );
    return () => {
      current = false;
    };
  }, [token, docId, attempt, retry]);

  switch (stage.kind) {
    case 'loading':
      return <p className="page-loading">{t('loading.room')}</p>;
    case 'problem':
      return <LinkProblemPage problem={stage.problem} />;
    case 'join':
      return (
        <JoinDialog
          title={stage.session.title}
          role={stage.session.role}
          fixedDelegation={stage.session.delegation}
          onJoin={(identity) => {
            rememberIdentity(identity);
            setStage({ kind: 'room', session: stage.session, identity });
          }}
        />
      );
    case 'room':
      return <RoomWorkspace session={stage.session} identity={stage.identity} token={token as string} />;
  }
}
