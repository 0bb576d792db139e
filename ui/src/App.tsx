import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthGate } from './features/auth/AuthGate';
import { AppShell } from './features/shell/AppShell';

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1677ff',
    borderRadius: 6,
    // Latin fonts before the CJK ones: a browser takes each glyph from the first font that has it, and the CJK
    // fonts' Latin punctuation is full-width (on Linux, with neither Segoe UI nor Arial, English text came out in
    // Noto Sans CJK with "owner’ s" gaps). Chinese glyphs still come from the CJK fonts further on.
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
  },
  components: {
    Layout: { bodyBg: '#f5f6f8', headerBg: '#ffffff', siderBg: '#101828' },
    Menu: { darkItemBg: '#101828', darkSubMenuItemBg: '#101828' },
  },
};

export function App() {
  const { i18n } = useTranslation();
  const chinese = i18n.language === 'zh-CN';

  useEffect(() => {
    dayjs.locale(chinese ? 'zh-cn' : 'en');
  }, [chinese]);

  return (
    <ConfigProvider locale={chinese ? zhCN : enUS} theme={theme}>
      <AntApp>
        <AuthGate>
          <AppShell />
        </AuthGate>
      </AntApp>
    </ConfigProvider>
  );
}
