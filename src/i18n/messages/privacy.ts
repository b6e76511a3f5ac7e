import { defineMessages } from '../define.ts';

/** The Privacy page: what is stored where, what is sent (nothing), deleting everything. */
export default defineMessages(
  {
    'privacy.title': 'Privacy',
    'privacy.lead':
      'Customer Lens keeps your data on this device. Here is exactly what it stores, and how to remove all of it.',
    'privacy.stored.title': 'What is stored, and where',
    'privacy.stored.intro': 'Everything is kept by this browser, for this site only:',
    'privacy.stored.dbTitle': 'Datasets —',
    'privacy.stored.db':
      'in the browser’s IndexedDB database on this device, stored column by column in compact chunks, with each dataset’s name, column statistics and source.',
    'privacy.stored.settingsTitle': 'Settings —',
    'privacy.stored.settings':
      'small preferences such as your language, in the same database and in the browser’s local storage.',
    'privacy.stored.cacheTitle': 'The app itself —',
    'privacy.stored.cache':
      'the service worker cache holds Customer Lens’s own files (code, styles, icons) so that it opens without a network. It holds none of your data.',
    'privacy.sent.title': 'What is sent',
    'privacy.sent.body':
      'Nothing. There is no server behind Customer Lens, no analytics, no tracking and no content from other sites (no CDN, no web fonts). Your data is read, computed and stored in this browser.',
    'privacy.sent.csp':
      'This is enforced, not just promised: the page’s Content-Security-Policy only lets it load and connect to its own origin, so the browser blocks any other request.',
    'privacy.sent.exports':
      'A file leaves the app only when you export it, and then only to your own downloads folder.',
    'privacy.now.title': 'Stored right now',
    'privacy.now.datasets': 'Datasets',
    'privacy.now.rows': 'Rows',
    'privacy.now.used': 'Storage used',
    'privacy.now.unknown': 'Not reported by this browser',
    'privacy.delete.title': 'Delete all data',
    'privacy.delete.body':
      'Removes every dataset and setting, the cached app files and the service worker from this browser, then reloads the page. Other sites and other browsers are not affected.',
    'privacy.delete.button': 'Delete all data…',
    'privacy.delete.confirmTitle': 'Delete all Customer Lens data?',
    'privacy.delete.confirmBody':
      'Every dataset and setting on this device will be deleted, along with the app’s offline copy. The page then reloads; open it once while online to use it offline again.',
    'privacy.delete.undo': 'This cannot be undone.',
    'privacy.delete.confirm': 'Delete everything',
    'privacy.delete.working': 'Deleting…',
    'privacy.delete.failed': 'Not everything could be deleted',
  },
  {
    'privacy.title': '隐私',
    'privacy.lead':
      '客户透镜把您的数据保存在本设备上。下面具体说明存储了哪些内容，以及如何将其全部删除。',
    'privacy.stored.title': '存储了什么，存在哪里',
    'privacy.stored.intro': '所有内容都由此浏览器保存，并且只属于本网站：',
    'privacy.stored.dbTitle': '数据集：',
    'privacy.stored.db':
      '保存在本设备浏览器的 IndexedDB 数据库中，按列分块紧凑存储，同时保存每个数据集的名称、列统计信息和来源。',
    'privacy.stored.settingsTitle': '设置：',
    'privacy.stored.settings':
      '语言等少量偏好设置，保存在同一个数据库和浏览器的本地存储（localStorage）中。',
    'privacy.stored.cacheTitle': '应用本身：',
    'privacy.stored.cache':
      'Service Worker 缓存中只保存客户透镜自身的文件（代码、样式、图标），以便在没有网络时也能打开，其中不含您的任何数据。',
    'privacy.sent.title': '发送了什么',
    'privacy.sent.body':
      '什么都不发送。客户透镜背后没有服务器，没有统计分析，没有跟踪，也不加载其他网站的内容（没有 CDN，没有网络字体）。您的数据只在此浏览器中读取、计算和存储。',
    'privacy.sent.csp':
      '这不仅是承诺，而且有技术保障：页面的内容安全策略（Content-Security-Policy）只允许加载和连接本网站自身的资源，浏览器会拦截其他任何请求。',
    'privacy.sent.exports':
      '只有在您导出文件时，数据才会离开应用，而且只会保存到您自己的下载文件夹。',
    'privacy.now.title': '当前存储的内容',
    'privacy.now.datasets': '数据集',
    'privacy.now.rows': '行数',
    'privacy.now.used': '已用存储空间',
    'privacy.now.unknown': '此浏览器未提供',
    'privacy.delete.title': '删除全部数据',
    'privacy.delete.body':
      '从此浏览器中删除所有数据集和设置、缓存的应用文件以及 Service Worker，然后重新加载页面。不会影响其他网站和其他浏览器。',
    'privacy.delete.button': '删除全部数据…',
    'privacy.delete.confirmTitle': '删除客户透镜的全部数据？',
    'privacy.delete.confirmBody':
      '本设备上的所有数据集和设置都将被删除，应用的离线副本也会一并删除。随后页面会重新加载；如需再次离线使用，请在联网状态下打开一次。',
    'privacy.delete.undo': '此操作无法撤销。',
    'privacy.delete.confirm': '全部删除',
    'privacy.delete.working': '正在删除…',
    'privacy.delete.failed': '未能删除全部内容',
  },
);
