import { defineMessages } from '../define.ts';

/** The app shell: navigation, skip link, language switch, footer, not-found page. */
export default defineMessages(
  {
    'nav.label': 'Main',
    'nav.home': 'Home',
    'nav.data': 'Data',
    'nav.customers': 'Customers',
    'nav.segments': 'Segments',
    'nav.privacy': 'Privacy',
    'nav.about': 'About',
    'nav.skip': 'Skip to content',
    'nav.language': 'Language',
    'nav.footer': 'Your data stays on this device: no server, no analytics, no tracking.',
    'nav.title.dataset': 'Dataset',
    'nav.notFound.title': 'Page not found',
    'nav.notFound.body': 'There is no page at “{path}”. The link may be mistyped or out of date.',
    'nav.notFound.home': 'Go to the home page',
  },
  {
    'nav.label': '主导航',
    'nav.home': '首页',
    'nav.data': '数据',
    'nav.customers': '客户',
    'nav.segments': '分群',
    'nav.privacy': '隐私',
    'nav.about': '关于',
    'nav.skip': '跳到主要内容',
    'nav.language': '语言',
    'nav.footer': '您的数据只保存在本设备上：没有服务器，没有统计分析，没有跟踪。',
    'nav.title.dataset': '数据集',
    'nav.notFound.title': '找不到此页面',
    'nav.notFound.body': '“{path}”没有对应的页面，链接可能有误或已失效。',
    'nav.notFound.home': '返回首页',
  },
);
