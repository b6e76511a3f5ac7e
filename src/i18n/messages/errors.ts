import { defineMessages } from '../define.ts';

/**
 * Messages for LensError codes (src/core/errors.ts). Workers throw the code and params;
 * the page words them with translate(code, params) via describeError (workers/client.ts).
 */
export default defineMessages(
  {
    'error.cancelled': 'The operation was cancelled.',
    'error.unexpected': 'Something unexpected went wrong: {message}',
    'error.storage.quota':
      'There is not enough storage space on this device: this dataset needs about {needed} MB. Nothing was stored. Delete datasets you no longer need or free some disk space, then try again.',
    'error.storage.full':
      'There is not enough storage space on this device. Nothing was stored. Delete datasets you no longer need or free some disk space, then try again.',
    'error.store.notFound': 'Dataset {id} does not exist (it may have been deleted).',
    'error.store.columnNotFound': 'Dataset {id} has no column “{column}”.',
    'error.store.corrupt':
      'The stored data of column “{column}” in dataset {id} is incomplete or damaged. Please import the file again.',
    'error.store.invalidTable':
      'The table cannot be saved: column “{column}” is malformed ({problem}).',
    'error.store.emptyName': 'Please give the dataset a name.',
    'error.worker.crashed':
      'The background process stopped unexpectedly ({message}). Please try again, and reload the page if it keeps happening.',
    'error.engine.noBackend':
      'The computation engine could not start in this browser: neither WebAssembly nor WebGL is available.',
    'error.demo.option': 'The demo setting “{option}” has an invalid value: {value}.',
  },
  {
    'error.cancelled': '操作已取消。',
    'error.unexpected': '发生意外错误：{message}',
    'error.storage.quota':
      '本机存储空间不足：该数据集约需 {needed} MB，未保存任何内容。请删除不再需要的数据集或释放磁盘空间后重试。',
    'error.storage.full':
      '本机存储空间不足，未保存任何内容。请删除不再需要的数据集或释放磁盘空间后重试。',
    'error.store.notFound': '数据集 {id} 不存在（可能已被删除）。',
    'error.store.columnNotFound': '数据集 {id} 中没有“{column}”列。',
    'error.store.corrupt': '数据集 {id} 中“{column}”列的存储数据不完整或已损坏，请重新导入文件。',
    'error.store.invalidTable': '无法保存该表：“{column}”列的数据格式有误（{problem}）。',
    'error.store.emptyName': '请为数据集命名。',
    'error.worker.crashed':
      '后台计算进程意外停止（{message}）。请重试；若问题反复出现，请刷新页面。',
    'error.engine.noBackend': '无法在此浏览器中启动计算引擎：WebAssembly 和 WebGL 均不可用。',
    'error.demo.option': '示例数据设置“{option}”的值无效：{value}。',
  },
);
