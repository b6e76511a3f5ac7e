import { defineMessages } from '../define.ts';

/** Shared components: buttons, progress, tables, dialogs, update notices. */
export default defineMessages(
  {
    'ui.cancel': 'Cancel',
    'ui.dismiss': 'Dismiss',
    'ui.retry': 'Try again',
    'ui.progress.starting': 'Starting…',
    'ui.progress.stopping': 'Stopping…',
    'ui.progress.count': '{done} of {total}',
    'ui.table.rowNumber': 'Row number',
    'ui.table.missing': 'Missing value',
    'ui.table.keys':
      'Select the table to scroll it with the arrow keys, Page Up, Page Down, Home and End.',
    'ui.table.readError': 'Some rows could not be read from storage.',
    'ui.update.available': 'A new version of Customer Lens is available.',
    'ui.update.reload': 'Reload',
    'ui.update.later': 'Later',
    'ui.offlineReady': 'Ready to work offline.',
  },
  {
    'ui.cancel': '取消',
    'ui.dismiss': '关闭',
    'ui.retry': '重试',
    'ui.progress.starting': '正在开始…',
    'ui.progress.stopping': '正在停止…',
    'ui.progress.count': '{done} / {total}',
    'ui.table.rowNumber': '行号',
    'ui.table.missing': '缺失值',
    'ui.table.keys': '选中表格后，可用方向键、Page Up、Page Down、Home 和 End 键滚动。',
    'ui.table.readError': '部分数据行无法从存储中读取。',
    'ui.update.available': '客户透镜有新版本可用。',
    'ui.update.reload': '重新加载',
    'ui.update.later': '稍后',
    'ui.offlineReady': '已可离线使用。',
  },
);
