import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type Formatters = {
  dateTime: (ms: number) => string;
  date: (ms: number) => string;
  number: (n: number) => string;
};

export function formattersFor(locale: string): Formatters {
  // Intl formatters are costly to build and cheap to use: build once per locale, reuse per row.
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const number = new Intl.NumberFormat(locale);
  return {
    dateTime: (ms) => dateTime.format(ms),
    date: (ms) => date.format(ms),
    number: (n) => number.format(n),
  };
}

/** Locale-aware formatters for the current UI language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formattersFor(i18n.language), [i18n.language]);
}
