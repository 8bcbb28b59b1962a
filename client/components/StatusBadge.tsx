/** A paragraph status in React: icon and words (the editor margin builds the same in editor/icons.ts). */
import { STATUS_ICON_PATHS, statusLabel, statusShort, type BlockStatus } from '../status';

export function StatusIcon({ status }: { status: BlockStatus }) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {STATUS_ICON_PATHS[status].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

export function StatusBadge({ status, short = false, testId }: { status: BlockStatus; short?: boolean; testId?: string }) {
  return (
    <span className={`status-badge status-badge--${status}`} data-status={status} data-testid={testId}>
      <StatusIcon status={status} />
      {short ? statusShort(status) : statusLabel(status)}
    </span>
  );
}
