/**
 * Merging two amendments, on either engine: the merged amendment made and both sources marked
 * merged into it, in one transaction, or nothing when a source is no longer pending.
 */
import type { Cosponsor } from '../../shared/workflow.js';
import type { NewAmendment, WorkflowStore } from './Store.js';

export function mergeAmendmentsIn(
  workflow: WorkflowStore,
  transaction: <T>(work: () => T) => T,
  merged: NewAmendment,
  cosponsors: Cosponsor[],
  sources: number[],
  decidedBy: string,
): number {
  return transaction(() => {
    const id = workflow.createAmendment({ ...merged, mergedFrom: sources }, cosponsors);
    for (const source of sources) {
      const done = workflow.decideAmendment(merged.docId, source, {
        status: 'merged',
        decidedBy,
        decidedAt: merged.createdAt,
        mergedInto: id,
      });
      if (!done) throw new Error(`amendment ${source} was not pending when merged`);
    }
    return id;
  });
}
