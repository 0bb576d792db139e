import { Button, Input, Space, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../api/bindings';
import { toApiError } from '../../api/rpc';
import { reasonText, useErrorText } from '../../shared/errors';
import { useSubmit } from '../../shared/useSubmit';
import { useApi } from '../../shared/session';
import { inventoryChanged } from './inventoryVersion';
import { categoryTreeData } from './model';

type Props = {
  categories: Category[];
  /** Where the new category goes first: under the one picked, if any. */
  parentId?: string;
  onCancel: () => void;
  onCreated: (category: Category) => void;
};

/**
 * Adds a category without leaving the product's form: a name, and the category it goes under. Not a form of its
 * own: it sits inside the product's, and Enter in its name adds the category rather than saving the product.
 */
export function CategoryInlineForm({ categories, parentId, onCancel, onCreated }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [name, setName] = useState('');
  const [parent, setParent] = useState<string | undefined>(parentId);
  const { busy, error, setError, run } = useSubmit();

  async function create() {
    if (!name.trim()) {
      setError(t('errors.reasons.required'));
      return;
    }
    await run(
      async (once) => {
        const category = await api.call(
          'inventory.categories.create',
          {
            name: name.trim(),
            ...(parent ? { parent_id: parent } : {}),
          },
          once,
        );
        inventoryChanged();
        onCreated(category);
      },
      (refused) => {
        const apiError = toApiError(refused);
        setError(apiError.code === 'validation' ? reasonText(t, apiError) : errorText(apiError));
        return true;
      },
    );
  }

  return (
    <Space orientation="vertical" style={{ display: 'flex', marginTop: 8 }} data-testid="inv-category-form">
      <Input
        data-testid="inv-category-name"
        placeholder={t('inventory.categories.name')}
        value={name}
        status={error ? 'error' : undefined}
        onChange={(event) => setName(event.target.value)}
        onPressEnter={(event) => {
          event.preventDefault();
          void create();
        }}
        autoComplete="off"
      />
      <TreeSelect
        data-testid="inv-category-parent"
        allowClear
        treeDefaultExpandAll
        style={{ width: '100%' }}
        placeholder={t('inventory.categories.topLevel')}
        value={parent}
        onChange={(value: string | undefined) => setParent(value)}
        treeData={categoryTreeData(categories)}
      />
      {error && (
        <Typography.Text type="danger" data-testid="inv-category-error">
          {error}
        </Typography.Text>
      )}
      <Space>
        <Button
          type="primary"
          size="small"
          loading={busy}
          onClick={() => void create()}
          data-testid="inv-category-create"
        >
          {t('inventory.categories.create')}
        </Button>
        <Button size="small" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Space>
    </Space>
  );
}
