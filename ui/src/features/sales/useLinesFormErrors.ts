import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, toApiError, type FieldRefusal } from '../../api/rpc';
import { reasonText, useErrorText } from '../../shared/errors';
import { fieldText, lineField } from '../ledger/model';

/** A line's fields the core may name (`lines[0].quantity`). */
const LINE_PARTS = ['description', 'quantity', 'unit_price', 'discount', 'tax_id', 'product_id'] as const;

/** What the form shows above its fields: a title, and the core's own words where they say more. */
export type FormError = { title: string; detail?: string };

export type LinesFormErrors = {
  formError: FormError | null;
  /** Problems of a whole line the core named (`lines[2]`: its amount is too large), by line. */
  lineErrors: Record<number, string>;
  /** Puts what the core refused at the line or field it names, or above the form. */
  show: (error: unknown) => void;
  /** Forgets every error shown (before saving again, or on closing). */
  clear: () => void;
  /** Forgets the whole-line errors (the lines changed). */
  clearLines: () => void;
};

/**
 * Where a form with invoice lines (an invoice, a recurring invoice) shows the core's refusals, each of them when it
 * refused several at once: at the line's field it names (`lines[0].quantity`), under a whole line (`lines[0]`), at
 * one of the form's own fields (`fields`: the core's names → form paths), or else above the form.
 */
export function useLinesFormErrors(
  form: FormInstance,
  fields: Record<string, (string | number)[]>,
  closedThrough: string | null,
): LinesFormErrors {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<FormError | null>(null);
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});

  const show = useCallback(
    (error: unknown) => {
      const apiError = toApiError(error);
      if (apiError.code !== 'validation' || !apiError.field) {
        setFormError({ title: errorText(apiError) });
        return;
      }
      // Every field the core refused when it checked the form as a whole, else the one it named.
      const refusals: FieldRefusal[] =
        apiError.fields.length > 0 ? apiError.fields : [{ ...apiError, field: apiError.field }];
      const lineCount = (form.getFieldValue('lines') as unknown[] | undefined)?.length ?? 0;
      const onFields: { name: (string | number)[]; errors: string[] }[] = [];
      const onLines: Record<number, string> = {};
      let above: FormError | null = null;
      for (const refusal of refusals) {
        const line = lineField(refusal.field, LINE_PARTS);
        const text = fieldText(t, refusal, closedThrough);
        if (line && line.index < lineCount) {
          if (line.part) onFields.push({ name: ['lines', line.index, line.part], errors: [text] });
          else onLines[line.index] = refusal.reason === 'out_of_range' ? t('finance.invoices.lineTooLarge') : text;
        } else if (refusal.field === 'lines') {
          above = { title: t('finance.invoices.linesError'), detail: reasonText(t, refusal) };
        } else if (fields[refusal.field]) {
          onFields.push({ name: fields[refusal.field], errors: [text] });
        } else {
          above ??= {
            title: errorText(
              new ApiError('validation', refusal.message, {
                field: refusal.field,
                reason: refusal.reason,
                limit: refusal.limit,
                messageZh: refusal.messageZh,
              }),
            ),
          };
        }
      }
      if (onFields.length > 0) form.setFields(onFields);
      setLineErrors(onLines);
      setFormError(above);
    },
    [t, errorText, form, fields, closedThrough],
  );

  const clear = useCallback(() => {
    setFormError(null);
    setLineErrors({});
  }, []);
  const clearLines = useCallback(() => setLineErrors({}), []);

  return { formError, lineErrors, show, clear, clearLines };
}
