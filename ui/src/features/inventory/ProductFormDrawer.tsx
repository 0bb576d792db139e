import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, Product, ProductInput, ProductPatch, Supplier } from '../../api/bindings';

import { useSubmit } from '../../shared/useSubmit';
import { useCan, useApi } from '../../shared/session';
import { taxOptions } from '../ledger/model';
import { useCommand } from '../../shared/useCommand';
import { CategoryInlineForm } from './CategoryInlineForm';
import { categoryTreeData, showInventoryFieldError } from './model';
import styles from './inventory.module.css';
import { useCloseGuard } from '../../shared/useCloseGuard';
import { clearRefusalOnChange } from '../../shared/errors';

type SupplierValues = { name?: string; contact?: string; lead_time_days?: number | null };

type FormValues = {
  name: string;
  description: string;
  category_id?: string;
  sku: string;
  barcode: string;
  unit: string;
  price: string;
  cost: string;
  tax_id?: string;
  tracks_stock: boolean;
  suppliers: SupplierValues[];
};

/** The core's fields this form shows (`suppliers[1].name` included). */
const FIELDS = [
  'name',
  'description',
  'category_id',
  'sku',
  'barcode',
  'unit',
  'price',
  'cost',
  'tax_id',
  'suppliers',
] as const;

const EMPTY_SUPPLIER: SupplierValues = { name: '', contact: '', lead_time_days: 0 };

type Props = {
  open: boolean;
  /** The product to change; adds a new one when absent. */
  product?: Product;
  categories: Category[];
  onClose: () => void;
  onSaved: (product: Product) => void;
};

function trimmed(text: string | undefined): string {
  return (text ?? '').trim();
}

function suppliersOf(values: FormValues): Supplier[] {
  return (values.suppliers ?? []).map((supplier) => ({
    name: trimmed(supplier.name),
    contact: trimmed(supplier.contact),
    lead_time_days: supplier.lead_time_days ?? 0,
  }));
}

function toInput(values: FormValues, withCost: boolean): ProductInput {
  const input: ProductInput = { name: trimmed(values.name), price: trimmed(values.price) };
  const optional = { description: values.description, sku: values.sku, barcode: values.barcode, unit: values.unit };
  for (const [key, value] of Object.entries(optional)) {
    if (trimmed(value)) input[key as keyof typeof optional] = trimmed(value);
  }
  if (values.category_id) input.category_id = values.category_id;
  if (values.tax_id) input.tax_id = values.tax_id;
  if (withCost && trimmed(values.cost)) input.cost = trimmed(values.cost);
  if (!values.tracks_stock) input.tracks_stock = false;
  const suppliers = suppliersOf(values);
  if (suppliers.length > 0) input.suppliers = suppliers;
  return input;
}

/**
 * Only what changed: the core logs each field a patch names as changed. Cost and tax only where the form shows
 * them (`shown`): a field not shown is not a field emptied.
 */
function toPatch(product: Product, values: FormValues, shown: { cost: boolean; tax: boolean }): ProductPatch {
  const patch: ProductPatch = { id: product.id };
  const texts = {
    name: values.name,
    description: values.description,
    sku: values.sku,
    barcode: values.barcode,
    unit: values.unit,
    price: values.price,
  };
  for (const [key, value] of Object.entries(texts)) {
    const field = key as keyof typeof texts;
    if (trimmed(value) !== product[field]) patch[field] = trimmed(value);
  }
  // `""` takes the product out of its category, or off its tax.
  if ((values.category_id ?? '') !== (product.category_id ?? '')) patch.category_id = values.category_id ?? '';
  if (shown.tax && (values.tax_id ?? '') !== (product.tax_id ?? '')) patch.tax_id = values.tax_id ?? '';
  if (shown.cost && trimmed(values.cost) && trimmed(values.cost) !== product.cost) patch.cost = trimmed(values.cost);
  const suppliers = suppliersOf(values);
  if (JSON.stringify(suppliers) !== JSON.stringify(product.suppliers)) patch.suppliers = suppliers;
  return patch;
}

/**
 * Adds a product or a service, or changes one: names and codes, category (a new one can be added right here),
 * price, cost (for those who see costs), tax and suppliers. Whether it counts stock is chosen once, on adding.
 */
export function ProductFormDrawer({ open, product, categories, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const [form] = Form.useForm<FormValues>();
  const { busy, error: formError, setError: setFormError, run } = useSubmit(open);
  const [addingCategory, setAddingCategory] = useState(false);
  // Categories added here, shown before the page's list reloads with them.
  const [added, setAdded] = useState<Category[]>([]);
  const withCost = can('costs.read');
  // Taxes are read with sales.read; without it a product is saved with the tax it has.
  const taxes = useCommand('finances.taxes.list', open && can('sales.read') ? {} : null, 0).output ?? [];
  const allCategories = [...categories, ...added.filter((a) => !categories.some((c) => c.id === a.id))];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: product?.name ?? '',
      description: product?.description ?? '',
      category_id: product?.category_id ?? undefined,
      sku: product?.sku ?? '',
      barcode: product?.barcode ?? '',
      unit: product?.unit ?? '',
      price: product?.price ?? '',
      cost: product?.cost ?? '',
      tax_id: product?.tax_id ?? undefined,
      tracks_stock: product?.tracks_stock ?? true,
      suppliers: product?.suppliers.map((s) => ({ ...s })) ?? [],
    });
  }, [open, product, form]);

  async function submit(values: FormValues) {
    await run(
      async (once) => {
        const saved = product
          ? await api.call(
              'inventory.products.update',
              toPatch(product, values, { cost: withCost, tax: taxes.length > 0 }),
            )
          : await api.call('inventory.products.create', toInput(values, withCost), once);
        onSaved(saved);
      },
      (error) => showInventoryFieldError(t, form, error, FIELDS),
    );
  }

  function close() {
    setFormError(null);
    setAddingCategory(false);
    onClose();
  }

  const required = { required: true, whitespace: true, message: t('errors.reasons.required') };

  const guardedClose = useCloseGuard(form, close, open);

  return (
    <Drawer
      open={open}
      onClose={guardedClose}
      keyboard={false}
      size={560}
      title={product ? t('inventory.products.editTitle', { name: product.name }) : t('inventory.products.add')}
      forceRender
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={guardedClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="inv-product-submit">
            {product ? t('common.save') : t('inventory.products.create')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        onValuesChange={clearRefusalOnChange(form)}
        layout="vertical"
        onFinish={(values) => void submit(values)}
      >
        {formError && (
          <Alert
            type="error"
            showIcon
            title={formError}
            className={styles.formAlert}
            data-testid="inv-product-form-error"
          />
        )}
        <Form.Item name="name" label={t('inventory.products.fields.name')} rules={[required]}>
          <Input data-testid="inv-product-name" autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('inventory.products.fields.description')}>
          <Input.TextArea data-testid="inv-product-description" autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item label={t('inventory.products.fields.category')}>
          <div className={styles.categoryPicker}>
            <Form.Item name="category_id" noStyle>
              <TreeSelect
                data-testid="inv-product-category"
                allowClear
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
                placeholder={t('inventory.products.noCategory')}
                treeData={categoryTreeData(allCategories)}
              />
            </Form.Item>
            {can('inventory.manage') && !addingCategory && (
              <Button icon={<PlusOutlined />} onClick={() => setAddingCategory(true)} data-testid="inv-category-add">
                {t('inventory.categories.add')}
              </Button>
            )}
          </div>
          {addingCategory && (
            <CategoryInlineForm
              categories={allCategories}
              parentId={form.getFieldValue('category_id') as string | undefined}
              onCancel={() => setAddingCategory(false)}
              onCreated={(category) => {
                setAdded((list) => [...list, category]);
                form.setFieldValue('category_id', category.id);
                setAddingCategory(false);
              }}
            />
          )}
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item
            name="sku"
            label={t('inventory.products.fields.sku')}
            extra={product ? undefined : t('inventory.products.skuHelp')}
          >
            <Input data-testid="inv-product-sku" autoComplete="off" />
          </Form.Item>
          <Form.Item name="barcode" label={t('inventory.products.fields.barcode')}>
            <Input data-testid="inv-product-barcode" autoComplete="off" />
          </Form.Item>
        </Space>
        <Space align="start" wrap>
          <Form.Item name="price" label={t('inventory.products.fields.price')} rules={[required]}>
            <Input data-testid="inv-product-price" inputMode="decimal" autoComplete="off" placeholder="0.00" />
          </Form.Item>
          {withCost && (
            <Form.Item name="cost" label={t('inventory.products.fields.cost')}>
              <Input data-testid="inv-product-cost" inputMode="decimal" autoComplete="off" placeholder="0.00" />
            </Form.Item>
          )}
          <Form.Item name="unit" label={t('inventory.products.fields.unit')}>
            <Input
              data-testid="inv-product-unit"
              autoComplete="off"
              placeholder={t('inventory.products.unitDefault')}
            />
          </Form.Item>
        </Space>
        {taxes.length > 0 && (
          <Form.Item name="tax_id" label={t('inventory.products.fields.tax')}>
            <Select<string>
              data-testid="inv-product-tax"
              allowClear
              placeholder={t('inventory.products.noTax')}
              options={taxOptions(taxes)}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        )}
        <Form.Item
          name="tracks_stock"
          label={t('inventory.products.fields.tracksStock')}
          valuePropName="checked"
          extra={product ? t('inventory.products.tracksStockFixed') : t('inventory.products.tracksStockHelp')}
        >
          <Switch data-testid="inv-product-tracks-stock" disabled={Boolean(product)} />
        </Form.Item>
        <Typography.Title level={5}>{t('inventory.products.fields.suppliers')}</Typography.Title>
        <Form.List name="suppliers">
          {(fields, { add, remove }) => (
            <>
              {fields.length > 0 && (
                <div className={`${styles.supplierHeader} ${styles.lineHeader}`}>
                  <Typography.Text type="secondary">{t('inventory.products.supplier.name')}</Typography.Text>
                  <Typography.Text type="secondary">{t('inventory.products.supplier.contact')}</Typography.Text>
                  <Typography.Text type="secondary">{t('inventory.products.supplier.leadTime')}</Typography.Text>
                  <span />
                </div>
              )}
              {fields.map((field, index) => (
                <div key={field.key} className={styles.supplier} data-testid={`inv-product-supplier-${index}`}>
                  <Form.Item name={[field.name, 'name']} className={styles.lineItem} rules={[required]}>
                    <Input data-testid={`inv-product-supplier-name-${index}`} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'contact']} className={styles.lineItem}>
                    <Input data-testid={`inv-product-supplier-contact-${index}`} autoComplete="off" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'lead_time_days']} className={styles.lineItem}>
                    <InputNumber
                      data-testid={`inv-product-supplier-lead-${index}`}
                      min={0}
                      max={365}
                      precision={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Tooltip title={t('inventory.products.supplier.remove')}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('inventory.products.supplier.remove')}
                      data-testid={`inv-product-supplier-remove-${index}`}
                    />
                  </Tooltip>
                </div>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ ...EMPTY_SUPPLIER })}
                data-testid="inv-product-supplier-add"
              >
                {t('inventory.products.supplier.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
