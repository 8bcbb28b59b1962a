/**
 * The interface's words: i18next with ICU messages (plurals, selects), one JSON file per
 * language and namespace under shared/locales/<language>/<namespace>.json (shared: the
 * server words its English notices from the same table), bundled at build time
 * so the page never waits for a translation. The language is the person's own choice if
 * they made one in this browser, else the browser's first language we speak, else English.
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { UI_LANGUAGES, UI_LANGUAGE_STORAGE_KEY, type UiLanguage } from './languages';

type Messages = Record<string, unknown>;

const files = import.meta.glob<Messages>('../../shared/locales/*/*.json', { eager: true, import: 'default' });

/** resources[language][namespace] = messages, from the file layout. */
export const resources: Record<string, Record<string, Messages>> = {};
for (const [path, messages] of Object.entries(files)) {
  const match = /\/locales\/([a-z]{2})\/([A-Za-z0-9_-]+)\.json$/.exec(path);
  const [, language, namespace] = match ?? [];
  if (language === undefined || namespace === undefined) continue;
  resources[language] ??= {};
  resources[language][namespace] = messages;
}

export const namespaces = Object.keys(resources.en ?? {});

void i18next
  .use(ICU)
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    ns: namespaces,
    defaultNS: 'common',
    fallbackLng: 'en',
    supportedLngs: [...UI_LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: UI_LANGUAGE_STORAGE_KEY,
      // Only an explicit choice is remembered (setUiLanguage); a detected language is not.
      caches: [],
    },
  });

// The page's own lang follows the interface; the document's text carries its own.
const markPage = (language: string) => document.documentElement.setAttribute('lang', language);
markPage(i18next.resolvedLanguage ?? 'en');
i18next.on('languageChanged', () => markPage(i18next.resolvedLanguage ?? 'en'));

/** Switches the interface and remembers the choice in this browser. */
export function setUiLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(UI_LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private mode or storage full: the switch still applies to this page.
  }
  void i18next.changeLanguage(language);
}

export { i18next };
