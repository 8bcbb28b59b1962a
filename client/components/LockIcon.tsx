/** The padlock icon in React (the editor margin builds the same one in editor/icons.ts). */
export function LockIcon({ open = false }: { open?: boolean }) {
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
    >
      <path d="M4 7.5h8v6H4z" />
      <path d={open ? 'M5.5 7.5V5a2.5 2.5 0 0 1 4.9-.7' : 'M5.5 7.5V5a2.5 2.5 0 0 1 5 0v2.5'} />
    </svg>
  );
}
