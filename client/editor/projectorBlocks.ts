/**
 * The projector's view of each top-level block: its number, its status in words and icon,
 * large text, and a strong mark on the block being presented (the page keeps it in view).
 * Nothing here can edit, and no caret or name is ever drawn.
 */
import { Extension } from '@tiptap/core';
import { DOMSerializer, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { NodeView, NodeViewConstructor } from '@tiptap/pm/view';
import { BLOCK_TYPES, BlockAttr } from '../../shared/blocks';
import { isNumbered } from '../../shared/blockNumbering';
import { statusLabel, statusOfAttrs } from '../status';
import type { BlockMetaStore } from './blockMeta';
import { el } from './dom';
import { statusIcon } from './icons';

class ProjectorBlockView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private readonly stopWatching: () => void = () => undefined;

  constructor(
    private readonly node: PMNode,
    meta: BlockMetaStore,
  ) {
    const id = typeof node.attrs[BlockAttr.id] === 'string' ? (node.attrs[BlockAttr.id] as string) : null;
    const numbered = isNumbered(node.type.name);
    const type = node.type.name === 'heading' ? `h${node.attrs.level}` : node.type.name;
    this.dom = el('section', `pj-block pj-block--${type}${numbered ? ' pj-block--numbered' : ''}`);
    if (id) this.dom.dataset.blockId = id;

    const margin = el('div', 'pj-block__margin');
    margin.setAttribute('aria-hidden', 'true');
    margin.appendChild(el('span', 'pj-block__num'));
    const rendered = DOMSerializer.renderSpec(document, node.type.spec.toDOM!(node));
    this.contentDOM = (rendered.contentDOM ?? rendered.dom) as HTMLElement;
    const body = el('div', 'pj-block__body');
    body.appendChild(rendered.dom);
    this.dom.append(margin, body);

    if (numbered) {
      const status = statusOfAttrs(node.attrs);
      this.dom.dataset.status = status;
      const label = el('p', `pj-status pj-status--${status}`);
      label.dataset.testid = 'projector-status';
      label.append(statusIcon(status), el('span', '', statusLabel(status)));
      body.appendChild(label);
    }
    if (id) {
      this.mark(meta.get(id).presenting);
      this.stopWatching = meta.watch(id, (m) => this.mark(m.presenting));
    }
  }

  private mark(on: boolean): void {
    this.dom.classList.toggle('is-presenting', on);
    if (on) this.dom.dataset.testid = 'projector-current';
    else delete this.dom.dataset.testid;
    // Bringing it into view, and holding it there, is the page's (useProjectorPlace).
  }

  update(node: PMNode): boolean {
    return node.type === this.node.type && node.hasMarkup(this.node.type, this.node.attrs, node.marks);
  }

  ignoreMutation(mutation: MutationRecord | { type: 'selection'; target: Node }): boolean {
    return mutation.type !== 'selection' && !this.contentDOM.contains(mutation.target);
  }

  destroy(): void {
    this.stopWatching();
  }
}

export const ProjectorBlocks = Extension.create<{ meta: BlockMetaStore }>({
  name: 'projectorBlocks',

  addOptions() {
    return { meta: undefined as unknown as BlockMetaStore };
  },

  addProseMirrorPlugins() {
    const meta = this.options.meta;
    const views: Record<string, NodeViewConstructor> = {};
    for (const type of BLOCK_TYPES) {
      views[type] = (node, view, getPos) => {
        const pos = getPos();
        if (pos === undefined || view.state.doc.resolve(pos).depth !== 0) return null as unknown as NodeView;
        return new ProjectorBlockView(node, meta);
      };
    }
    return [new Plugin({ key: new PluginKey('draftroomProjector'), props: { nodeViews: views } })];
  },
});
