import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentLanguage, FileCommand, Input, SavedFile } from '../api/rpc';
import { useErrorText } from './errors';
import { useApi } from './session';

/** The language documents are written in by default: the UI's (Chinese for zh-CN, else English). */
export function useDocumentLanguage(): DocumentLanguage {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('zh') ? 'zh' : 'en';
}

/**
 * Makes a file with a core command (an invoice's PDF, a report's export) and saves it where the user picks,
 * saying where it went; a refusal is shown as a message. `saving` names what is being saved (the caller's key)
 * until it is done.
 */
export function useSaveFile() {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { message } = App.useApp();
  const [saving, setSaving] = useState<string | null>(null);

  async function save<C extends FileCommand>(key: string, command: C, input: Input<C>): Promise<SavedFile | null> {
    setSaving(key);
    try {
      const saved = await api.saveFile(command, input, t('finance.files.dialogTitle'));
      if (saved) void message.success(t('finance.files.saved', { path: saved.path }));
      return saved;
    } catch (error) {
      void message.error(errorText(error));
      return null;
    } finally {
      setSaving(null);
    }
  }

  return { save, saving };
}
