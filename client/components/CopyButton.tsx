/** Copies a text (an invite link) and says so. */
import { useState } from 'react';

export function CopyButton({ text, label = 'Copy link', testId }: { text: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
    setTimeout(() => setCopied(null), 2500);
  };

  return (
    <button type="button" className="button button--small" data-testid={testId} onClick={copy}>
      <span aria-live="polite">{copied === null ? label : copied ? 'Copied' : 'Select and copy the link by hand'}</span>
    </button>
  );
}
