/**
 * The status menu of the paragraph with the caret, opened by its shortcut (Alt+Shift+S) with
 * focus on the current status: arrows choose, Enter or Space sets, Escape goes back to the
 * text. Laid beside the paragraph's status in the margin. (The margin's own native menu
 * sets a status on every arrow key; this one waits for Enter.)
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BLOCK_STATUSES, type BlockStatus } from '../../shared/blocks';
import { statusLabel } from '../status';

interface StatusMenuProps {
  /** "paragraph 4". */
  where: string;
  current: BlockStatus;
  /** What the menu is laid beside (the paragraph's status in the margin), if it is on the page. */
  anchor: Element | null;
  onChoose(status: BlockStatus): void;
  /** Closed without a choice; `back` is true for Escape (focus returns to the text). */
  onClose(back: boolean): void;
}

const MENU_WIDTH_PX = 260;

export function StatusMenu({ where, current, anchor, onChoose, onClose }: StatusMenuProps) {
  const { t } = useTranslation('keyboard');
  const id = useId();
  const [active, setActive] = useState(Math.max(0, BLOCK_STATUSES.indexOf(current)));
  const items = useRef<Array<HTMLButtonElement | null>>([]);
  const menu = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number }>({ top: 120, left: 120 });

  useLayoutEffect(() => {
    if (!anchor) return;
    // The paragraph with the caret may be out of sight (the page scrolled): bring its status into view first.
    anchor.scrollIntoView({ block: 'nearest' });
    const box = anchor.getBoundingClientRect();
    const height = menu.current?.offsetHeight ?? 0;
    const below = box.bottom + 4 + height <= window.innerHeight;
    setPlace({
      top: Math.max(8, below ? box.bottom + 4 : box.top - 4 - height),
      left: Math.max(8, Math.min(box.left, window.innerWidth - MENU_WIDTH_PX - 8)),
    });
  }, [anchor]);

  useEffect(() => items.current[active]?.focus(), [active]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const last = BLOCK_STATUSES.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setActive(move);
    } else if (event.key === 'Escape') {
      // Only the menu closes: a side panel behind it stays open.
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      onClose(true);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the wrapper only hears the menu's keys and focus leaving it; the menu inside carries the role
    <div
      ref={menu}
      className="status-menu"
      style={{ top: place.top, left: place.left, width: MENU_WIDTH_PX }}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) onClose(false);
      }}
      data-testid="status-menu"
    >
      <div role="menu" aria-label={t('statusMenu.label', { where })} aria-describedby={`${id}-hint`}>
        {BLOCK_STATUSES.map((status, index) => (
          <button
            key={status}
            ref={(element) => {
              items.current[index] = element;
            }}
            type="button"
            role="menuitemradio"
            aria-checked={status === current}
            tabIndex={index === active ? 0 : -1}
            className={`status-menu__item${status === current ? ' is-current' : ''}`}
            onClick={() => (status === current ? onClose(true) : onChoose(status))}
          >
            {statusLabel(status)}
          </button>
        ))}
      </div>
      <p className="status-menu__hint" id={`${id}-hint`}>
        {t('statusMenu.hint')}
      </p>
    </div>
  );
}
