/**
 * Shapes of the workflow endpoints' answers (paragraph status, amendments, comments,
 * readings, projector, activity), under the names the client uses. They are defined once,
 * in shared/workflow.ts and shared/api.ts, for the server and the client.
 */
export type {
  Amendment,
  AmendmentKind,
  AmendmentMerge,
  AmendmentStatus,
  BlockChange,
  BlockAuthors,
  BlockComparison,
  BlockStatusState,
  ClientAuthor,
  Comment,
  Comparison,
  Cosponsor,
  DiffPart,
  EditStretch,
  NewAmendmentBody,
  NewCommentBody,
  Presenting,
  PresentingChange,
  RevisionBlock,
  RevisionSummary as Revision,
  StatusSummary,
  SilenceOpen,
  SilenceProcedure,
  TextRef,
  UndoDecision,
} from '../../shared/workflow';
export type { ActivityEntry } from '../../shared/api';
export { EXPORT_VARIANTS, type ExportVariant } from '../../shared/api';
