/**
 * A link as a QR code, drawn as one SVG path from the code's modules (qrcode's own matrix),
 * so it stays sharp at any size, on a beamer too, and no markup is injected.
 */
import { create } from 'qrcode';
import { useMemo } from 'react';

/** Light modules around the code, as the QR standard asks for readers to find it. */
const QUIET_ZONE_MODULES = 4;

export function ProjectorLinkQr({ text, label, className }: { text: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    const modules = create(text, { errorCorrectionLevel: 'M' }).modules;
    let drawn = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) drawn += `M${col + QUIET_ZONE_MODULES} ${row + QUIET_ZONE_MODULES}h1v1h-1z`;
      }
    }
    return { size: modules.size + 2 * QUIET_ZONE_MODULES, path: drawn };
  }, [text]);

  return (
    <svg
      className={className}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
      data-testid="projector-link-qr"
    >
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
