/** Copies a text (an invite link) and says so. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CopyButton({ text, label, testId }: { text: string; label?: string; testId?: string }) {
  const { t } = useTranslation('common');
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
      <span aria-live="polite">
        {copied === null ? (label ?? t('action.copyLink')) : copied ? t('action.copied') : t('action.copyByHand')}
      </span>
    </button>
  );
}
