import { defineMessages } from '../define.ts';

/** TODO(owner fills in): the customers page's texts. */
export default defineMessages(
  {
    'customers.placeholder': 'customers',
  },
  {
    'customers.placeholder': 'customers',
  },
);
