import { Form, Input, TreeSelect } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from './FormDrawer';
import type { Location } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { locationTreeData, showInventoryFieldError } from './model';
import { clearRefusalOnChange } from '../../shared/errors';

/** Adding a location (under `parentId`, or at the top), or renaming one. */
export type LocationEditing = { mode: 'new'; parentId: string | null } | { mode: 'rename'; location: Location };

type FormValues = { name: string; parent_id?: string };

const FIELDS = ['name', 'parent_id'] as const;

type Props = {
  /** Null: closed. */
  editing: LocationEditing | null;
  locations: Location[];
  onClose: () => void;
  onSaved: (location: Location) => void;
};

/** Adds a location, under another one if picked, or renames one (where it sits stays). */
export function LocationFormDrawer({ editing, locations, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(editing !== null);
  const renaming = editing?.mode === 'rename' ? editing.location : null;

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    form.setFieldsValue(
      editing.mode === 'rename'
        ? { name: editing.location.name }
        : { name: '', parent_id: editing.parentId ?? undefined },
    );
  }, [editing, form]);

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        const name = (values.name ?? '').trim();
        const saved = renaming
          ? await api.call('inventory.locations.update', { id: renaming.id, name })
          : await api.call(
              'inventory.locations.create',
              {
                name,
                ...(values.parent_id ? { parent_id: values.parent_id } : {}),
              },
              once,
            );
        onSaved(saved);
      },
      (error) => showInventoryFieldError(t, form, error, FIELDS),
    );
  }

  function close() {
    setFormError(null);
    onClose();
  }

  return (
    <FormDrawer
      open={editing !== null}
      onClose={close}
      form={form}
      size={400}
      title={renaming ? t('inventory.locations.renameTitle', { name: renaming.name }) : t('inventory.locations.add')}
      submitLabel={renaming ? t('common.save') : t('inventory.locations.create')}
      onSubmit={() => form.submit()}
      busy={busy}
      error={formError}
      testId="inv-location"
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="name"
          label={t('inventory.locations.columns.name')}
          rules={[{ required: true, whitespace: true, message: t('errors.reasons.required') }]}
        >
          <Input
            data-testid="inv-location-name"
            autoComplete="off"
            placeholder={t('inventory.locations.namePlaceholder')}
          />
        </Form.Item>
        {!renaming && (
          <Form.Item
            name="parent_id"
            label={t('inventory.locations.parent')}
            extra={t('inventory.locations.parentHelp')}
          >
            <TreeSelect
              data-testid="inv-location-parent"
              allowClear
              treeDefaultExpandAll
              placeholder={t('inventory.locations.topLevel')}
              treeData={locationTreeData(locations)}
            />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
