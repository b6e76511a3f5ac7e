import { defineMessages } from '../define.ts';

export default defineMessages(
  {
    'app.name': 'Customer Lens',
    'app.tagline': 'Customer segmentation that never leaves your device',
  },
  {
    'app.name': '客户透镜',
    'app.tagline': '数据不出本机的客户细分工具',
  },
);
