/** Small inline SVG icons for DOM built outside React (widgets in the editor margin). */
import { STATUS_ICON_PATHS, type BlockStatus } from '../status';

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

/** A closed padlock. */
export const lockedIcon = () => icon(['M4 7.5h8v6H4z', 'M5.5 7.5V5a2.5 2.5 0 0 1 5 0v2.5']);

/** An open padlock. */
export const unlockedIcon = () => icon(['M4 7.5h8v6H4z', 'M5.5 7.5V5a2.5 2.5 0 0 1 4.9-.7']);

/** The icon of a paragraph status (see status.ts). */
export const statusIcon = (status: BlockStatus) => icon(STATUS_ICON_PATHS[status]);

/** A pen over a line: propose an amendment. */
export const amendIcon = () => icon(['M2.5 13.5h11', 'M4.5 11l.6-2.6 5.6-5.6 2 2-5.6 5.6z']);

/** A speech bubble: comments. */
export const commentIcon = () => icon(['M2.5 3.5h11v7.2H7.6L4.6 13v-2.3H2.5z']);

/** A screen on a stand: the projector. */
export const presentIcon = () => icon(['M2 3h12v7.5H2z', 'M8 10.5V13', 'M5.5 13.5h5']);
