/**
 * The lifetime-value columns the customer profiles gain after a fit (CLV_COLUMNS of
 * src/core/clv/results.ts without the id), in the order they are shown. Their labels are
 * the `profile.column.<name>` messages.
 */
export const CLV_PROFILE_COLUMNS = [
  'p_alive',
  'expected_purchases',
  'expected_spend',
  'clv',
  'value_tier',
] as const;
