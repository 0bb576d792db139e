import { EditOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Space, Table, Tag, Tooltip } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveButton } from '../../shared/ArchiveButton';
import type { Location } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { inventoryChanged } from './inventoryVersion';
import { LocationFormDrawer, type LocationEditing } from './LocationFormDrawer';
import { toTree, type TreeNode } from './model';
import pageLayout from '../../shared/page.module.css';
import styles from './inventory.module.css';

type Props = { locations: Location[]; loading: boolean };

/**
 * Where stock is kept, as a tree (a warehouse and its shelves); with inventory.manage, adding (under another),
 * renaming, archiving and restoring them. An archived location takes no more stock; its history stays.
 */
export function LocationsTab({ locations, loading }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<LocationEditing | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  // Every branch is open unless closed here.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const manage = can('inventory.manage');
  const shown = locations.filter((location) => showArchived || !location.archived);
  const tree = toTree(shown);
  const parents = new Set(shown.map((location) => location.parent_id).filter((id): id is string => id !== null));

  async function setArchived(location: Location, archived: boolean) {
    setSwitching(location.id);
    try {
      await api.call('inventory.locations.update', { id: location.id, archived });
      void message.success(
        t(archived ? 'inventory.locations.archivedDone' : 'inventory.locations.restoredDone', { name: location.name }),
      );
      inventoryChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSwitching(null);
    }
  }

  return (
    <div className={pageLayout.page}>
      <div className={pageLayout.toolbar}>
        <Checkbox
          checked={showArchived}
          onChange={(event) => setShowArchived(event.target.checked)}
          data-testid="inv-locations-show-archived"
        >
          {t('inventory.locations.showArchived')}
        </Checkbox>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ mode: 'new', parentId: null })}
            data-testid="inv-location-add"
          >
            {t('inventory.locations.add')}
          </Button>
        )}
      </div>
      <Table<TreeNode<Location>>
        data-testid="inv-locations-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={tree}
        pagination={false}
        rowClassName={(location) => (location.archived ? styles.archived : '')}
        expandable={{
          expandedRowKeys: [...parents].filter((id) => !collapsed.has(id)),
          onExpand: (expanded, location) =>
            setCollapsed((before) => {
              const after = new Set(before);
              if (expanded) after.delete(location.id);
              else after.add(location.id);
              return after;
            }),
        }}
        locale={{ emptyText: t('inventory.locations.empty') }}
        onRow={(location) =>
          ({ 'data-testid': 'inv-location-row', 'data-name': location.name }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('inventory.locations.columns.name'), dataIndex: 'name' },
          { title: t('inventory.locations.columns.path'), dataIndex: 'path' },
          {
            title: t('inventory.locations.columns.status'),
            dataIndex: 'archived',
            width: 110,
            render: (archived: boolean) =>
              archived ? (
                <Tag data-testid="inv-location-archived">{t('inventory.locations.archived')}</Tag>
              ) : (
                <Tag color="success">{t('inventory.locations.active')}</Tag>
              ),
          },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 140,
                  align: 'right' as const,
                  render: (_value: unknown, location: Location) => (
                    <Space size={0}>
                      {!location.archived && (
                        <Tooltip title={t('inventory.locations.addChild')}>
                          <Button
                            type="text"
                            icon={<SubnodeOutlined />}
                            aria-label={t('inventory.locations.addChild')}
                            onClick={() => setEditing({ mode: 'new', parentId: location.id })}
                            data-testid="inv-location-add-child"
                          />
                        </Tooltip>
                      )}
                      <Tooltip title={t('inventory.locations.rename')}>
                        <Button
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t('inventory.locations.rename')}
                          onClick={() => setEditing({ mode: 'rename', location })}
                          data-testid="inv-location-rename"
                        />
                      </Tooltip>
                      <ArchiveButton
                        archived={location.archived}
                        loading={switching === location.id}
                        onChange={(archived) => void setArchived(location, archived)}
                        archiveLabel={t('inventory.locations.archive')}
                        restoreLabel={t('inventory.locations.restore')}
                        confirmTitle={t('inventory.locations.archiveConfirm', { name: location.name })}
                        confirmHelp={t('inventory.locations.archiveHelp')}
                        archiveTestId="inv-location-archive"
                        restoreTestId="inv-location-restore"
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LocationFormDrawer
        editing={editing}
        locations={locations}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(
            editing?.mode === 'new'
              ? t('inventory.locations.created', { name: saved.path })
              : t('inventory.locations.renamed', { name: saved.name }),
          );
          setEditing(null);
          inventoryChanged();
        }}
      />
    </div>
  );
}
