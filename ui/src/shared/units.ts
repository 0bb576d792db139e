import { useTranslation } from 'react-i18next';

/**
 * The unit words the app writes or offers (the core stores them in English: a product saved without a unit is in
 * "pcs"), shown in the UI language; a unit the shop typed itself shows as typed. The core's
 * `kernel::numbers::UNIT_WORDS` holds the same list for its PDFs.
 */
export const UNIT_WORDS = ['pcs', 'kg', 'g', 'l', 'ml', 'm', 'box', 'pack', 'bag', 'bottle'] as const;
type UnitWord = (typeof UNIT_WORDS)[number];

function isUnitWord(unit: string): unit is UnitWord {
  return (UNIT_WORDS as readonly string[]).includes(unit);
}

/** A product's unit in the UI language. */
export function useUnit(): (unit: string) => string {
  const { t } = useTranslation();
  return (unit) => {
    const word = unit.trim().toLowerCase();
    return isUnitWord(word) ? t(`units.${word}`) : unit;
  };
}
