/**
 * Keeps the projector's place in the text through everything that moves the text under the
 * screen: a window resized or taken full screen, moved to a beamer of another size, fonts
 * arriving late, paragraphs added or removed above by someone in the room.
 *
 * While a paragraph is presented it is held in the middle of the space below the header (or
 * its top just below the header when it is taller than that), so what the header names is
 * what the hall sees. While nothing is presented the reader's own place is held: the first
 * paragraph at the top of the view stays where it was.
 *
 * Every such change shows up as a resize (the text's box, the page's box, the window) or a
 * change in the list of paragraphs; each schedules one alignment for the next frame.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/** Space kept between the header and a presented paragraph taller than the screen. */
const TALL_BLOCK_GAP_PX = 16;

interface ReaderPlace {
  blockId: string;
  /** Where the block's top stood, in pixels from the top of the window. */
  top: number;
}

interface Layout {
  width: number;
  height: number;
  textHeight: number;
}

export interface ProjectorPlaceOptions {
  /** The element holding the text (its blocks carry data-block-id). */
  text: RefObject<HTMLElement | null>;
  /** The sticky header: the view starts below it. */
  header: RefObject<HTMLElement | null>;
  presentedId: string | null;
  /** Anything that changes when the list of blocks does (a block moved keeps the height). */
  blocksRevision: unknown;
}

export function useProjectorPlace({ text, header, presentedId, blocksRevision }: ProjectorPlaceOptions): void {
  const presented = useRef(presentedId);
  const reader = useRef<ReaderPlace | null>(null);
  /** The block last brought into view: a new one glides there, the same one is held still. */
  const shown = useRef<string | null>(null);
  const layout = useRef<Layout | null>(null);
  /** Cancels the alignment waiting for the next frame; null when none waits. */
  const pending = useRef<(() => void) | null>(null);

  const viewTop = useCallback(() => Math.max(0, header.current?.getBoundingClientRect().bottom ?? 0), [header]);

  const measure = useCallback(
    (): Layout => ({ width: window.innerWidth, height: window.innerHeight, textHeight: text.current?.offsetHeight ?? 0 }),
    [text],
  );

  const blockElement = useCallback(
    (id: string) => text.current?.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(id)}"]`) ?? null,
    [text],
  );

  /** The first block whose lower edge is below the header, and where its top stands. */
  const readerPlace = useCallback((): ReaderPlace | null => {
    const top = viewTop();
    for (const block of text.current?.querySelectorAll<HTMLElement>('[data-block-id]') ?? []) {
      const rect = block.getBoundingClientRect();
      if (rect.bottom > top) return { blockId: block.dataset.blockId!, top: rect.top };
    }
    return null;
  }, [text, viewTop]);

  const align = useCallback(() => {
    pending.current = null;
    const id = presented.current;
    if (id !== null) {
      const block = blockElement(id);
      if (block === null) return; // not drawn yet: the text's resize when it is brings us back
      const top = viewTop();
      const rect = block.getBoundingClientRect();
      const room = window.innerHeight - top;
      const wanted = rect.height <= room ? top + (room - rect.height) / 2 : top + TALL_BLOCK_GAP_PX;
      const glide =
        shown.current !== id && document.visibilityState === 'visible' && !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      shown.current = id;
      if (Math.abs(rect.top - wanted) >= 1) window.scrollBy({ top: rect.top - wanted, behavior: glide ? 'smooth' : 'instant' });
    } else {
      shown.current = null;
      const place = reader.current;
      const block = place ? blockElement(place.blockId) : null;
      if (place && block) {
        const moved = block.getBoundingClientRect().top - place.top;
        if (Math.abs(moved) >= 1) window.scrollBy({ top: moved, behavior: 'instant' });
      } else {
        reader.current = readerPlace();
      }
    }
    layout.current = measure();
  }, [blockElement, measure, readerPlace, viewTop]);

  const schedule = useCallback(() => {
    if (pending.current !== null) return;
    // A hidden page gets no animation frames: align at once instead, so it is right when shown.
    if (document.visibilityState === 'visible') {
      const id = requestAnimationFrame(align);
      pending.current = () => cancelAnimationFrame(id);
    } else {
      const id = setTimeout(align, 0);
      pending.current = () => clearTimeout(id);
    }
  }, [align]);

  useLayoutEffect(() => {
    presented.current = presentedId;
    // Presenting stopped: the reader's place is where the screen stands now.
    if (presentedId === null) reader.current = readerPlace();
    schedule();
  }, [presentedId, readerPlace, schedule]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `blocksRevision` (the text changed) is what makes it place the view again
  useEffect(schedule, [blocksRevision, schedule]);

  useEffect(() => {
    const observer = new ResizeObserver(schedule);
    if (text.current) observer.observe(text.current);
    observer.observe(document.documentElement);
    // The reader scrolled: that is their place now. A scroll the layout caused (the window
    // shrank, text came in above) is not theirs; the alignment it schedules answers it.
    const onScroll = () => {
      if (presented.current !== null || pending.current !== null) return;
      const now = measure();
      const before = layout.current;
      if (before && (before.width !== now.width || before.height !== now.height || before.textHeight !== now.textHeight)) return;
      reader.current = readerPlace();
      layout.current = now;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', schedule);
    document.addEventListener('fullscreenchange', schedule);
    document.addEventListener('visibilitychange', schedule);
    document.fonts?.addEventListener('loadingdone', schedule);
    return () => {
      observer.disconnect();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', schedule);
      document.removeEventListener('fullscreenchange', schedule);
      document.removeEventListener('visibilitychange', schedule);
      document.fonts?.removeEventListener('loadingdone', schedule);
      pending.current?.();
      pending.current = null;
    };
  }, [text, measure, readerPlace, schedule]);
}
