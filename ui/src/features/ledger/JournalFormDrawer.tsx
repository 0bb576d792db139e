import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Form, Input, Select, Space, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, JournalEntry, JournalEntryInput, JournalLineInput } from '../../api/bindings';
import { toApiError, type FieldRefusal } from '../../api/rpc';
import { reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { displayAmount } from './money';
import { usePreview } from '../../shared/usePreview';
import { ACCOUNT_KINDS, accountOptions, fieldText, inClosedPeriod, lineField, showFinanceFieldError } from './model';
import styles from './ledger.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { DateInput } from '../../shared/DateInput';
import { today } from '../../shared/day';

/** An entry has at least two lines: something debited, something credited. */
const LINES_MIN = 2;

/** A line's fields the core may name (`lines[1].debit`). */
const LINE_PARTS = ['account_id', 'debit', 'credit'] as const;

type LineValues = { account_id?: string; debit?: string; credit?: string };
type FormValues = { date: string; memo: string; lines: LineValues[] };

const FIELDS: Record<string, string[]> = { date: ['date'], memo: ['memo'] };

const EMPTY_LINES: LineValues[] = [{}, {}];

function toLineInput(line: LineValues): JournalLineInput {
  const input: JournalLineInput = { account_id: line.account_id ?? '' };
  const debit = line.debit?.trim();
  const credit = line.credit?.trim();
  if (debit) input.debit = debit;
  if (credit) input.credit = credit;
  return input;
}

function toInput(values: FormValues): JournalEntryInput {
  return {
    date: (values.date ?? '').trim(),
    memo: values.memo?.trim() ?? '',
    lines: (values.lines ?? []).map(toLineInput),
  };
}

type Props = {
  open: boolean;
  /** The opening balances: no memo, and the difference goes to equity (the core posts it) instead of waiting. */
  opening?: boolean;
  accounts: Account[];
  closedThrough: string | null;
  onClose: () => void;
  onSaved: (entry: JournalEntry) => void;
};

/**
 * Posts a manual journal entry. It shows the live difference of debits and credits and waits for them to
 * match, but the core decides: what it refuses is shown at the line or field it names. With `opening`, it posts
 * the opening balances, whose difference the core puts to equity.
 */
export function JournalFormDrawer({ open, opening = false, accounts, closedThrough, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const { busy, run } = useSubmit(open);
  const [formError, setFormError] = useState<{ title: string; detail?: string } | null>(null);
  // Problems of a whole line (`lines[2]`: a debit or a credit, not both), by line.
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const lines = Form.useWatch('lines', form);
  // The core totals the lines as typed (what is not an amount yet counts as nothing).
  const totals = usePreview(
    'finances.journal.preview',
    open ? { lines: (lines ?? []).map((line) => toLineInput(line ?? {})) } : null,
  );
  const options = accountOptions(accounts, ACCOUNT_KINDS);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ date: today(), memo: '', lines: EMPTY_LINES });
  }, [open, form]);

  function showError(error: unknown) {
    const apiError = toApiError(error);
    if (apiError.code !== 'validation' || !apiError.field) {
      setFormError({ title: errorText(apiError) });
      return;
    }
    // Every field the core refused when it checked the entry as a whole, else the one it named.
    const refusals: FieldRefusal[] =
      apiError.fields.length > 0 ? apiError.fields : [{ ...apiError, field: apiError.field }];
    const lineCount = (form.getFieldValue('lines') as LineValues[]).length;
    const onLines: Record<number, string> = {};
    let shownElsewhere = false;
    for (const refusal of refusals) {
      const line = lineField(refusal.field, LINE_PARTS);
      if (line && line.index < lineCount) {
        const text = fieldText(t, refusal, closedThrough);
        if (line.part) form.setFields([{ name: ['lines', line.index, line.part], errors: [text] }]);
        else onLines[line.index] = refusal.reason === 'invalid_value' ? t('finance.journal.lineOneSide') : text;
      } else if (refusal.field === 'lines') {
        // Too few lines, or unbalanced: the core's words carry the numbers.
        setFormError({ title: t('finance.journal.linesError'), detail: reasonText(t, refusal) });
      } else {
        shownElsewhere = true;
      }
    }
    setLineErrors(onLines);
    if (shownElsewhere && !showFinanceFieldError(t, form, apiError, FIELDS, closedThrough)) {
      setFormError({ title: errorText(apiError) });
    }
  }

  async function submit(values: FormValues) {
    setFormError(null);
    setLineErrors({});
    await run(
      async (once) => {
        const input = toInput(values);
        onSaved(
          opening
            ? await api.call('finances.opening.create', { date: input.date, lines: input.lines }, once)
            : await api.call('finances.journal.create', input, once),
        );
      },
      (error) => {
        showError(error);
        return true;
      },
    );
  }

  function close() {
    setFormError(null);
    setLineErrors({});
    onClose();
  }

  // An amount the core cannot read is said at once, at the field (the core read it, not the form).
  const unreadable = new Set(totals?.unreadable ?? []);
  const amountHelp = (index: number, part: 'debit' | 'credit') =>
    unreadable.has(`lines[${index}].${part}`)
      ? { validateStatus: 'error' as const, help: t('finance.amountInvalid') }
      : {};

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={720}
      title={t(opening ? 'finance.opening.title' : 'finance.journal.formTitle')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            // The opening balances need not balance (equity takes the difference); the core refuses an empty one.
            disabled={!opening && !totals?.balanced}
            onClick={() => form.submit()}
            data-testid="journal-form-submit"
          >
            {t(opening ? 'finance.opening.submit' : 'finance.journal.submit')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setLineErrors({})}
      >
        {formError && (
          <Alert
            type="error"
            showIcon
            title={formError.title}
            description={formError.detail}
            className={styles.formAlert}
            data-testid="journal-form-error"
          />
        )}
        <Space align="start" wrap>
          <Form.Item name="date" label={t('finance.journal.columns.date')}>
            <DateInput testId="journal-form-date" disabledDate={inClosedPeriod(closedThrough)} />
          </Form.Item>
          {!opening && (
            <Form.Item name="memo" label={t('finance.journal.columns.memo')} className={styles.memo}>
              <Input data-testid="journal-form-memo" />
            </Form.Item>
          )}
        </Space>
        {opening && (
          <Typography.Paragraph type="secondary" data-testid="opening-hint">
            {t('finance.opening.hint')}
          </Typography.Paragraph>
        )}
        <div className={styles.lineHeader}>
          <Typography.Text type="secondary">{t('finance.journal.columns.account')}</Typography.Text>
          <Typography.Text type="secondary" className={styles.right}>
            {t('finance.journal.columns.debit')}
          </Typography.Text>
          <Typography.Text type="secondary" className={styles.right}>
            {t('finance.journal.columns.credit')}
          </Typography.Text>
          <span />
        </div>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <div key={field.key} data-testid={`journal-line-${index}`}>
                  <div className={styles.line}>
                    <Form.Item
                      name={[field.name, 'account_id']}
                      className={styles.lineItem}
                      rules={[{ required: true, message: t('errors.reasons.required') }]}
                    >
                      <Select<string>
                        data-testid={`journal-line-account-${index}`}
                        showSearch={{ optionFilterProp: 'label' }}
                        options={options}
                        placeholder={t('finance.journal.chooseAccount')}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'debit']} className={styles.lineItem} {...amountHelp(index, 'debit')}>
                      <Input
                        data-testid={`journal-line-debit-${index}`}
                        inputMode="decimal"
                        autoComplete="off"
                        className={styles.right}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'credit']}
                      className={styles.lineItem}
                      {...amountHelp(index, 'credit')}
                    >
                      <Input
                        data-testid={`journal-line-credit-${index}`}
                        inputMode="decimal"
                        autoComplete="off"
                        className={styles.right}
                      />
                    </Form.Item>
                    <Tooltip title={t('finance.journal.removeLine')}>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        disabled={fields.length <= LINES_MIN}
                        onClick={() => remove(field.name)}
                        aria-label={t('finance.journal.removeLine')}
                        data-testid={`journal-line-remove-${index}`}
                      />
                    </Tooltip>
                  </div>
                  {lineErrors[index] && (
                    <Typography.Text
                      type="danger"
                      className={styles.lineError}
                      data-testid={`journal-line-error-${index}`}
                    >
                      {lineErrors[index]}
                    </Typography.Text>
                  )}
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="journal-line-add">
                {t('finance.journal.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        <div className={`${styles.line} ${styles.totals}`}>
          <Typography.Text strong>{t('finance.journal.total')}</Typography.Text>
          <Typography.Text strong className={styles.right} data-testid="journal-total-debit">
            {displayAmount(totals?.total_debit ?? '0.00')}
          </Typography.Text>
          <Typography.Text strong className={styles.right} data-testid="journal-total-credit">
            {displayAmount(totals?.total_credit ?? '0.00')}
          </Typography.Text>
          <span />
        </div>
        {opening && totals && totals.difference !== '0.00' && (
          <Alert
            type="info"
            showIcon
            data-testid="opening-to-equity"
            title={t('finance.opening.toEquity', { amount: displayAmount(totals.difference) })}
          />
        )}
        {!opening && totals && totals.difference !== '0.00' && (
          <Alert
            type="warning"
            showIcon
            data-testid="journal-difference"
            title={t('finance.journal.unbalanced', {
              amount: displayAmount(totals.difference),
            })}
          />
        )}
        {!opening && totals?.balanced && (
          <Typography.Text type="success" data-testid="journal-balanced">
            {t('finance.journal.balanced')}
          </Typography.Text>
        )}
      </Form>
    </Drawer>
  );
}
