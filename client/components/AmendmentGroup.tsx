/** The amendments to one paragraph, each diffed against the paragraph's live text. */
import { useMemo } from 'react';
import type { Amendment } from '../api/workflowTypes';
import type { EditorApi } from '../editor/editorApi';
import { useBlockText } from '../hooks/useBlocks';
import type { WorkflowActions } from '../hooks/useWorkflowActions';
import { AmendmentItem, type AmendmentHandlers, type AmendmentRights } from './AmendmentItem';

interface AmendmentGroupProps {
  blockId: string;
  /** "paragraph 3". */
  where: string;
  /** Shown above the list when the panel covers the whole text. */
  heading?: React.ReactNode;
  amendments: Amendment[];
  editor: EditorApi | null;
  rights: AmendmentRights;
  actions: WorkflowActions;
}

export function AmendmentGroup({ blockId, where, heading, amendments, editor, rights, actions }: AmendmentGroupProps) {
  const currentText = useBlockText(editor, blockId);
  const on = useMemo<AmendmentHandlers>(
    () => ({
      cosponsor: (id) => actions.cosponsor(id),
      withdrawCosponsor: (id) => actions.withdrawCosponsor(id),
      accept: (id, confirmText) => actions.accept(id, confirmText),
      reject: (id, reason) => actions.reject(id, reason),
      merge: (ids, text) => actions.merge(ids, text),
    }),
    [actions],
  );
  const pending = amendments.filter((a) => a.status === 'pending');
  return (
    <section className="amendment-group" data-block-id={blockId}>
      {heading}
      <ul className="amendments">
        {amendments.map((a) => (
          <AmendmentItem
            key={a.id}
            amendment={a}
            where={where}
            currentText={currentText}
            mergeable={a.status === 'pending' ? pending.filter((o) => o.id !== a.id) : []}
            rights={rights}
            on={on}
          />
        ))}
      </ul>
    </section>
  );
}
