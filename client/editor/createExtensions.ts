/**
 * The editor's extension list: the shared schema (shared/schema.ts at the repository root) plus what only a
 * browser needs: Yjs sync and undo (Collaboration), other people's carets, unique block
 * ids, the lock guard and the numbered margin.
 */
import type { AnyExtension } from '@tiptap/core';
import { isChangeOrigin } from '@tiptap/extension-collaboration';
import UniqueID from '@tiptap/extension-unique-id';
import i18next from 'i18next';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { BLOCK_TYPES, BlockAttr, TEXT_FIELD, newBlockId } from '../../shared/blocks';
import { schemaExtensions } from '../../shared/schema';
import { BlockGutter } from './blockGutter';
import { TextOutsideBlocks } from './textOutsideBlocks';
import { BlockIndex } from './blockIndex';
import { DraftCollaboration } from './collaboration';
import type { EditorHooks } from './editorHooks';
import { LockGuard } from './lockPlugin';
import { BlockRulesGuard } from './blockRulesGuard';
import { RemoteCarets } from './remoteCarets';
import { AuthorHighlights } from './authorHighlights';
import { SuggestionMarks } from './suggestionMarks';
import { PhraseComments } from './phraseComments';

export interface EditorUser {
  name: string;
  delegation: string;
  color: string;
}

export interface ExtensionOptions {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: EditorUser;
  hooks: EditorHooks;
  /** False for observers: nothing in this editor may write to the document. */
  canEdit: boolean;
}

/** A caret with its owner's name, in the classes CollaborationCaret's CSS expects. */
function renderCaret(user: { name: string; color: string }): HTMLElement {
  const color = typeof user.color === 'string' ? user.color : '#777777';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : i18next.t('common:someone');
  caret.appendChild(label);
  return caret;
}

export function createExtensions({ doc, provider, user, hooks, canEdit }: ExtensionOptions): AnyExtension[] {
  return [
    ...schemaExtensions(),
    // UniqueID finds the provider here and adds missing ids only once the room has synced.
    DraftCollaboration.configure({ document: doc, field: TEXT_FIELD, provider }),
    RemoteCarets.configure({ awareness: provider.awareness, user: { ...user }, render: renderCaret }),
    UniqueID.configure({
      types: [...BLOCK_TYPES],
      attributeName: BlockAttr.id,
      generateID: () => newBlockId(),
      // Remote (Yjs-origin) changes carry ids already; touching them would echo edits back.
      filterTransaction: (tr) => !isChangeOrigin(tr),
      // An observer writes nothing, not even ids.
      updateDocument: canEdit,
    }),
    LockGuard.configure({ hooks }),
    BlockRulesGuard.configure({ hooks }),
    BlockIndex,
    BlockGutter.configure({ hooks }),
    TextOutsideBlocks,
    AuthorHighlights,
    SuggestionMarks,
    PhraseComments,
  ];
}
