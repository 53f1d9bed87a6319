import type { ThemeConfig } from 'antd';

/** Government back-office look: deep-blue navigation, compact density, restrained radius. */
export const SIDER_BG = '#062a5e';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1453b8',
    colorLink: '#1453b8',
    borderRadius: 4,
    fontSize: 14,
    colorBgLayout: '#f0f2f5',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { siderBg: SIDER_BG, headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' },
    Menu: {
      darkItemBg: SIDER_BG,
      darkSubMenuItemBg: '#04214b',
      darkItemSelectedBg: '#1453b8',
      darkItemColor: 'rgba(255,255,255,0.78)',
      itemHeight: 44,
    },
    Table: { headerBg: '#f5f7fa', cellPaddingBlockSM: 6 },
    Card: { headerFontSize: 15 },
    Descriptions: { labelBg: '#f7f9fc' },
  },
};
