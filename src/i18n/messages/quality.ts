import { defineMessages } from '../define.ts';

/**
 * The data-quality report's reasons (src/core/ingest/quality.ts), the cleaning steps
 * (clean.ts) and their progress phases. Reasons are whole sentences shown in a list next
 * to the points they cost; step names are labels followed by their counts.
 */
export default defineMessages(
  {
    'progress.import.quality': 'Checking data quality',
    'progress.import.clean': 'Cleaning the data',

    'quality.reason.empty': 'The file holds no data rows.',
    'quality.reason.noCustomerId':
      'No column is mapped as the customer ID, so purchases cannot be grouped by customer.',
    'quality.reason.noDate':
      'No column is mapped as the order date, so recency cannot be computed.',
    'quality.reason.noAmount':
      'No amount column, and not both quantity and unit price, so spend cannot be computed.',
    'quality.reason.missingCustomer':
      '{count} rows ({percent}%) have no customer ID and cannot be assigned to a customer.',
    'quality.reason.duplicates': '{count} rows ({percent}%) repeat an earlier row exactly.',
    'quality.reason.invalid':
      '{count} values in “{column}” ({percent}% of rows) could not be read and count as missing.',
    'quality.reason.mostlyEmpty': '“{column}” is mostly empty ({percent}% missing).',
    'quality.reason.ambiguousDates':
      'The dates in “{column}” fit both day-first and month-first; they were read as {order}.',

    'clean.step.normalise': 'Unify spelling in “{column}”',
    'clean.step.synonyms': 'Replace synonyms in “{column}”',
    'clean.step.dropDuplicates': 'Remove duplicate rows',
    'clean.step.dropMissingCustomer': 'Remove rows without a customer ID',
    'clean.step.returnsExclude': 'Remove returns and cancellations',
    'clean.step.returnsNet': 'Net returns against their purchases',
    'clean.step.fillMean': 'Fill missing “{column}” with the mean',
    'clean.step.fillMedian': 'Fill missing “{column}” with the median',
    'clean.step.fillConstant': 'Fill missing “{column}” with a fixed value',
    'clean.step.fillMode': 'Fill missing “{column}” with the most frequent value',
    'clean.step.fillUnknown': 'Fill missing “{column}” with “Unknown”',
    'clean.step.capOutliers': 'Cap extreme values of “{column}”',
    'clean.step.flagOutliers': 'Flag extreme values of “{column}”',
    'clean.returns.unmatched': '{count} returns had no matching earlier purchase and were kept.',
  },
  {
    'progress.import.quality': '正在检查数据质量',
    'progress.import.clean': '正在清洗数据',

    'quality.reason.empty': '文件中没有数据行。',
    'quality.reason.noCustomerId': '没有映射为客户 ID 的列，无法按客户汇总购买记录。',
    'quality.reason.noDate': '没有映射为订单日期的列，无法计算最近一次购买的间隔。',
    'quality.reason.noAmount': '没有金额列，也没有同时提供数量和单价，无法计算消费金额。',
    'quality.reason.missingCustomer': '{count} 行（{percent}%）没有客户 ID，无法归属到任何客户。',
    'quality.reason.duplicates': '{count} 行（{percent}%）与前面的某一行完全相同。',
    'quality.reason.invalid':
      '“{column}”中有 {count} 个值（占 {percent}% 的行）无法识别，已按缺失处理。',
    'quality.reason.mostlyEmpty': '“{column}”大部分为空（缺失 {percent}%）。',
    'quality.reason.ambiguousDates':
      '“{column}”中的日期既可按日在前也可按月在前解读，已按 {order} 读取。',

    'clean.step.normalise': '统一“{column}”的写法',
    'clean.step.synonyms': '替换“{column}”中的同义词',
    'clean.step.dropDuplicates': '删除重复行',
    'clean.step.dropMissingCustomer': '删除没有客户 ID 的行',
    'clean.step.returnsExclude': '删除退货和取消的订单行',
    'clean.step.returnsNet': '将退货与对应的购买相互抵消',
    'clean.step.fillMean': '用平均值填补“{column}”的缺失值',
    'clean.step.fillMedian': '用中位数填补“{column}”的缺失值',
    'clean.step.fillConstant': '用固定值填补“{column}”的缺失值',
    'clean.step.fillMode': '用最常见的值填补“{column}”的缺失值',
    'clean.step.fillUnknown': '用“Unknown”（未知）填补“{column}”的缺失值',
    'clean.step.capOutliers': '对“{column}”的极端值封顶',
    'clean.step.flagOutliers': '标记“{column}”的极端值',
    'clean.returns.unmatched': '{count} 笔退货找不到之前对应的购买，已保留。',
  },
);
