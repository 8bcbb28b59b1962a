/**
 * The document schema: one list of TipTap extensions for the client editor and the server
 * (rendering, export, validation). No React, no DOM, no Node imports here.
 */
import { Extension, getSchema, type AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { BLOCK_TYPES, BlockAttr } from './blocks.js';

/**
 * The block attributes: `id` on every block type, and the lock and status attributes that
 * only the server writes. None of them survives a split except `id`, which the client's
 * UniqueID extension and the server make unique again.
 */
export const BlockAttributes = Extension.create({
  name: 'blockAttributes',
  addGlobalAttributes() {
    const serverAttr = (name: string) => ({
      default: null,
      keepOnSplit: false,
      parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name.toLowerCase()}`),
      renderHTML: (attributes: Record<string, unknown>) =>
        attributes[name] == null ? {} : { [`data-${name.toLowerCase()}`]: String(attributes[name]) },
    });
    return [
      {
        types: [...BLOCK_TYPES],
        attributes: {
          [BlockAttr.id]: {
            default: null,
            keepOnSplit: true,
            parseHTML: (element: HTMLElement) => element.getAttribute('data-id'),
            renderHTML: (attributes: Record<string, unknown>) =>
              attributes[BlockAttr.id] == null ? {} : { 'data-id': String(attributes[BlockAttr.id]) },
          },
          [BlockAttr.locked]: serverAttr(BlockAttr.locked),
          [BlockAttr.lockedBy]: serverAttr(BlockAttr.lockedBy),
          [BlockAttr.lockedAt]: serverAttr(BlockAttr.lockedAt),
          [BlockAttr.status]: serverAttr(BlockAttr.status),
        },
      },
    ];
  },
});

/** Node types that may carry a language of their own (PROTOCOL.md I5): the textblocks and list items. */
export const LANGUAGE_NODE_TYPES = ['paragraph', 'heading', 'listItem'] as const;

/**
 * A block's own language, when it is not the room's: `lang` on the node, rendered as the
 * element's `lang` (so spell-check, hyphenation and screen readers read it in that language).
 * Absent means the room's working language. Kept when the paragraph is split: the new
 * paragraph goes on in the same language.
 */
export const BlockLanguage = Extension.create({
  name: 'blockLanguage',
  addGlobalAttributes() {
    return [
      {
        types: [...LANGUAGE_NODE_TYPES],
        attributes: {
          [BlockAttr.lang]: {
            default: null,
            keepOnSplit: true,
            parseHTML: (element: HTMLElement) => element.getAttribute('lang') || null,
            renderHTML: (attributes: Record<string, unknown>) =>
              attributes[BlockAttr.lang] == null ? {} : { lang: String(attributes[BlockAttr.lang]) },
          },
        },
      },
    ];
  },
});

/** The extensions that define the schema, shared by client and server. */
export function schemaExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      // History comes from Yjs (Collaboration); the rest are view-only or outside the schema we want.
      undoRedo: false,
      dropcursor: false,
      gapcursor: false,
      trailingNode: false,
      code: false,
      codeBlock: false,
      horizontalRule: false,
      link: false,
      heading: { levels: [1, 2, 3] },
    }),
    BlockAttributes,
    BlockLanguage,
  ];
}

/** The ProseMirror schema built from `schemaExtensions()`. */
export const documentSchema = getSchema(schemaExtensions());
