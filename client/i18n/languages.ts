/**
 * The six languages the interface speaks (the OSCE's working languages), each named in
 * itself so a person finds their own language whatever the page is showing.
 */
export const UI_LANGUAGES = ['en', 'fr', 'de', 'it', 'ru', 'es'] as const;

export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const UI_LANGUAGE_NAMES: Record<UiLanguage, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  it: 'Italiano',
  ru: 'Русский',
  es: 'Español',
};

/** Where a person's explicit choice of interface language is remembered in this browser. */
export const UI_LANGUAGE_STORAGE_KEY = 'draftroom.uiLanguage';

export function isUiLanguage(value: string): value is UiLanguage {
  return (UI_LANGUAGES as readonly string[]).includes(value);
}
