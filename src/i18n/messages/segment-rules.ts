import { defineMessages } from '../define.ts';

/** TODO(owner fills in): the segment-rules page's texts. */
export default defineMessages(
  {
    'segment-rules.placeholder': 'segment-rules',
  },
  {
    'segment-rules.placeholder': 'segment-rules',
  },
);
