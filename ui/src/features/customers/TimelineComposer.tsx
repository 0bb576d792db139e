import { Button, DatePicker, Form, Input, Select, Tabs } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { InteractionKind } from '../../api/bindings';
import { clearRefusalOnChange, showFieldError } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { INTERACTION_KINDS } from './model';
import styles from './detail.module.css';

type Props = { customerId: string; onAdded: () => void };

/** Add a note or log an interaction; the timeline reloads after each. */
export function TimelineComposer({ customerId, onAdded }: Props) {
  const { t } = useTranslation();
  return (
    <Tabs
      className={styles.composer}
      size="small"
      items={[
        {
          key: 'note',
          label: t('customers.timeline.addNote'),
          children: <NoteForm customerId={customerId} onAdded={onAdded} />,
        },
        {
          key: 'interaction',
          label: t('customers.timeline.addInteraction'),
          children: <InteractionForm customerId={customerId} onAdded={onAdded} />,
        },
      ]}
    />
  );
}

function NoteForm({ customerId, onAdded }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<{ text: string }>();
  const state = useSubmit();

  async function submit({ text }: { text: string }) {
    await state.run(
      async (once) => {
        await api.call('customers.notes.create', { customer_id: customerId, text: text ?? '' }, once);
        form.resetFields();
        onAdded();
      },
      (error) => showFieldError(t, form, error, { text: ['text'] }),
    );
  }

  return (
    <Form
      form={form}
      onValuesChange={clearRefusalOnChange(form)}
      onFinish={(values) => void submit(values)}
      initialValues={{ text: '' }}
    >
      <Form.Item name="text" validateStatus={state.error ? 'error' : undefined} help={state.error ?? undefined}>
        <Input.TextArea data-testid="note-text" rows={3} placeholder={t('customers.timeline.notePlaceholder')} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={state.busy} data-testid="note-submit">
        {t('customers.timeline.saveNote')}
      </Button>
    </Form>
  );
}

type InteractionValues = { kind: InteractionKind; occurred_at: Dayjs | null; description: string };

function InteractionForm({ customerId, onAdded }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<InteractionValues>();
  const state = useSubmit();

  async function submit(values: InteractionValues) {
    await state.run(
      async (once) => {
        await api.call(
          'customers.interactions.create',
          {
            customer_id: customerId,
            kind: values.kind,
            occurred_at_ms: (values.occurred_at ?? dayjs()).valueOf(),
            description: values.description ?? '',
          },
          once,
        );
        form.resetFields();
        form.setFieldValue('occurred_at', dayjs());
        onAdded();
      },
      (error) =>
        showFieldError(t, form, error, {
          kind: ['kind'],
          occurred_at_ms: ['occurred_at'],
          description: ['description'],
        }),
    );
  }

  return (
    <Form
      form={form}
      onValuesChange={clearRefusalOnChange(form)}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      initialValues={{ kind: 'call', occurred_at: dayjs(), description: '' }}
    >
      <div className={styles.interactionRow}>
        <Form.Item name="kind" label={t('customers.timeline.kind')}>
          <Select<InteractionKind>
            data-testid="interaction-kind"
            style={{ width: 160 }}
            options={INTERACTION_KINDS.map((kind) => ({ value: kind, label: t(`customers.interactionKinds.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item name="occurred_at" label={t('customers.timeline.when')}>
          <DatePicker data-testid="interaction-when" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      </div>
      <Form.Item
        name="description"
        label={t('customers.timeline.description')}
        validateStatus={state.error ? 'error' : undefined}
        help={state.error ?? undefined}
      >
        <Input.TextArea data-testid="interaction-description" rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={state.busy} data-testid="interaction-submit">
        {t('customers.timeline.saveInteraction')}
      </Button>
    </Form>
  );
}
