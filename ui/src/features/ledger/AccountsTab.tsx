import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Segmented, Space, Table, Tag, Tooltip } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveButton } from '../../shared/ArchiveButton';
import type { Account, AccountKind } from '../../api/bindings';
import { useErrorText } from '../../shared/errors';
import { useApi, useCan } from '../../shared/session';
import { AccountFormDrawer } from './AccountFormDrawer';
import { ACCOUNT_KINDS, accountLabel, isMoneyAccount, KIND_COLORS, type BooksTabProps } from './model';
import { PeriodsCard } from './PeriodsCard';
import pageLayout from '../../shared/page.module.css';

type Props = BooksTabProps & {
  loading: boolean;
  /** The closed period changed: read the settings again. */
  onSettingsChanged: () => void;
};

/**
 * The chart of accounts by kind, those that hold money marked, and (finance.manage) adding, changing and archiving
 * accounts; closing periods.
 */
export function AccountsTab({ accounts, settings, version, loading, onChanged, onSettingsChanged }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const can = useCan();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [kind, setKind] = useState<AccountKind | 'all'>('all');
  const [showArchived, setShowArchived] = useState(false);
  // `null`: drawer closed; `'new'`: adding; an account: changing it.
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [switching, setSwitching] = useState<string | null>(null);
  const manage = can('finance.manage');
  const shown = accounts.filter(
    (account) => (kind === 'all' || account.kind === kind) && (showArchived || !account.archived),
  );

  async function setArchived(account: Account, archived: boolean) {
    setSwitching(account.id);
    try {
      await api.call('finances.accounts.update', { id: account.id, archived });
      void message.success(
        t(archived ? 'finance.accounts.archivedDone' : 'finance.accounts.unarchivedDone', {
          account: accountLabel(account),
        }),
      );
      onChanged();
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSwitching(null);
    }
  }

  return (
    <div className={pageLayout.page}>
      <PeriodsCard settings={settings} version={version} onChanged={onSettingsChanged} />
      <div className={pageLayout.toolbar}>
        <Space wrap>
          <Segmented<AccountKind | 'all'>
            data-testid="accounts-kind-filter"
            value={kind}
            onChange={setKind}
            options={[
              { value: 'all', label: t('finance.accounts.allKinds') },
              ...ACCOUNT_KINDS.map((value) => ({ value, label: t(`finance.kinds.${value}`) })),
            ]}
          />
          <Checkbox
            checked={showArchived}
            onChange={(event) => setShowArchived(event.target.checked)}
            data-testid="accounts-show-archived"
          >
            {t('finance.accounts.showArchived')}
          </Checkbox>
        </Space>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="accounts-add">
            {t('finance.accounts.add')}
          </Button>
        )}
      </div>
      <Table<Account>
        data-testid="accounts-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={shown}
        pagination={false}
        locale={{ emptyText: t('finance.accounts.empty') }}
        onRow={(account) =>
          ({ 'data-testid': 'account-row', 'data-code': account.code }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: t('finance.accounts.columns.code'), dataIndex: 'code', width: 120 },
          { title: t('finance.accounts.columns.name'), dataIndex: 'name' },
          {
            title: t('finance.accounts.columns.kind'),
            dataIndex: 'kind',
            width: 200,
            render: (value: AccountKind, account: Account) => (
              <>
                <Tag color={KIND_COLORS[value]}>{t(`finance.kinds.${value}`)}</Tag>
                {isMoneyAccount(account) && (
                  <Tag color="gold" data-testid="account-holds-money">
                    {t('finance.accounts.moneyTag')}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('finance.accounts.columns.status'),
            dataIndex: 'archived',
            width: 120,
            render: (archived: boolean) =>
              archived ? (
                <Tag data-testid="account-archived">{t('finance.accounts.archived')}</Tag>
              ) : (
                <Tag color="success">{t('finance.accounts.active')}</Tag>
              ),
          },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 110,
                  align: 'right' as const,
                  render: (_value: unknown, account: Account) => (
                    <Space size={0}>
                      <Tooltip title={t('finance.accounts.edit')}>
                        <Button
                          type="text"
                          icon={<EditOutlined />}
                          aria-label={t('finance.accounts.edit')}
                          onClick={() => setEditing(account)}
                          data-testid="account-rename"
                        />
                      </Tooltip>
                      <ArchiveButton
                        archived={account.archived}
                        loading={switching === account.id}
                        onChange={(archived) => void setArchived(account, archived)}
                        archiveLabel={t('finance.accounts.archive')}
                        restoreLabel={t('finance.accounts.unarchive')}
                        confirmTitle={t('finance.accounts.archiveConfirm', { account: accountLabel(account) })}
                        confirmHelp={t('finance.accounts.archiveHelp')}
                        archiveTestId="account-archive"
                        restoreTestId="account-unarchive"
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AccountFormDrawer
        open={editing !== null}
        account={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          void message.success(
            editing === 'new'
              ? t('finance.accounts.created', { account: accountLabel(saved) })
              : t('finance.accounts.saved'),
          );
          setEditing(null);
          onChanged();
        }}
      />
    </div>
  );
}
