import { defineMessages } from '../define.ts';

/** Phase names of long tasks (Progress.phase), shown next to the progress bar. */
export default defineMessages(
  {
    'progress.demo.customers': 'Creating customers',
    'progress.demo.orders': 'Simulating orders',
    'progress.demo.assemble': 'Building the tables',
    'progress.store.prepare': 'Preparing columns',
    'progress.store.write': 'Saving on this device',
    'progress.store.read': 'Reading the dataset',
    'progress.export.csv': 'Writing CSV',
  },
  {
    'progress.demo.customers': '正在生成客户',
    'progress.demo.orders': '正在模拟订单',
    'progress.demo.assemble': '正在整理数据表',
    'progress.store.prepare': '正在准备数据列',
    'progress.store.write': '正在保存到本机',
    'progress.store.read': '正在读取数据集',
    'progress.export.csv': '正在生成 CSV',
  },
);
