/** The interface language: Vietnamese unless the user switched, remembered on the device. */
import { LOCALES, type Locale, type Localized } from '../../../../server/domain/i18n.ts';
import { en, vi, type MessageKey } from './messages.ts';

const KEY = 'uim.locale';
const dictionaries = { vi, en } satisfies Record<Locale, Record<MessageKey, string>>;

function stored(): Locale {
  const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  return LOCALES.includes(value as Locale) ? (value as Locale) : 'vi';
}

class LocaleState {
  #current = $state<Locale>(stored());

  get current(): Locale {
    return this.#current;
  }

  set(locale: Locale): void {
    this.#current = locale;
    localStorage.setItem(KEY, locale);
    document.documentElement.lang = locale;
  }

  toggle(): void {
    this.set(this.#current === 'vi' ? 'en' : 'vi');
  }

  /** A message with its {placeholders} filled. */
  t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
    dictionaries[this.#current][key].replace(/\{(\w+)\}/g, (_, name: string) =>
      String(params[name] ?? `{${name}}`),
    );

  /** Whether a key names a message, for keys built from data (actions, field names). */
  has = (key: string): key is MessageKey => key in dictionaries[this.#current];

  /** A catalog label in the current language. */
  label = (text: Localized): string => text[this.#current];

  /** The Accept-Language to send, so the server answers errors in the same language. */
  get acceptLanguage(): string {
    return this.#current === 'en' ? 'en,vi;q=0.5' : 'vi,en;q=0.5';
  }
}

export const locale = new LocaleState();
