import { defineMessages } from '../define.ts';

/** TODO(owner fills in): the segments page's texts. */
export default defineMessages(
  {
    'segments.placeholder': 'segments',
  },
  {
    'segments.placeholder': 'segments',
  },
);
