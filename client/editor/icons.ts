/**
 * Small icons for DOM built outside React: inline SVG (the projector), and the same shapes
 * as CSS masks for the editor's margins, where a thousand blocks would otherwise carry
 * three to five SVG nodes per icon (see installMarginIcons).
 */
import { BLOCK_STATUSES, STATUS_ICON_PATHS, type BlockStatus } from '../status';

const SVG_NS = 'http://www.w3.org/2000/svg';

function icon(paths: string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
  }
  return svg;
}

const PATHS = {
  /** A closed padlock. */
  locked: ['M4 7.5h8v6H4z', 'M5.5 7.5V5a2.5 2.5 0 0 1 5 0v2.5'],
  /** An open padlock. */
  unlocked: ['M4 7.5h8v6H4z', 'M5.5 7.5V5a2.5 2.5 0 0 1 4.9-.7'],
  /** A pen over a line: propose an amendment. */
  amend: ['M2.5 13.5h11', 'M4.5 11l.6-2.6 5.6-5.6 2 2-5.6 5.6z'],
  /** A speech bubble: comments. */
  comment: ['M2.5 3.5h11v7.2H7.6L4.6 13v-2.3H2.5z'],
  /** A screen on a stand: the projector. */
  present: ['M2 3h12v7.5H2z', 'M8 10.5V13', 'M5.5 13.5h5'],
};

/** The icon of a paragraph status (see status.ts), as SVG. */
export const statusIcon = (status: BlockStatus) => icon(STATUS_ICON_PATHS[status]);

function maskUrl(paths: string[]): string {
  const svg = `<svg xmlns="${SVG_NS}" viewBox="0 0 16 16" fill="none" stroke="#000" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${paths
    .map((d) => `<path d="${d}"/>`)
    .join('')}</svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

/**
 * Defines the margin icons as CSS custom properties on the page (--dr-icon-locked,
 * --dr-icon-status-agreed, …), which the margin's stylesheet uses as masks coloured with
 * currentColor: one source for the shapes, no DOM per icon. Once per page.
 */
export function installMarginIcons(): void {
  const root = document.documentElement;
  if (root.style.getPropertyValue('--dr-icon-locked')) return;
  for (const [name, paths] of Object.entries(PATHS)) root.style.setProperty(`--dr-icon-${name}`, maskUrl(paths));
  for (const status of BLOCK_STATUSES) root.style.setProperty(`--dr-icon-status-${status}`, maskUrl(STATUS_ICON_PATHS[status]));
}
