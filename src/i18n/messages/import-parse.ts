import { defineMessages } from '../define.ts';

/** Reading files: what can go wrong, and how the file was read. */
export default defineMessages(
  {
    'error.import.empty': '“{file}” is empty: it holds no data to import.',
    'error.import.headerOnly':
      '“{file}” has column names but no data rows below them. Export the data again with its rows.',
    'error.import.binary':
      '“{file}” is not a text table: it looks like a {kind}. Export your data as CSV or Excel (.xlsx) and import that file.',
    'error.import.unterminatedQuote':
      'A quoted field that starts in row {row} is never closed, so the rest of the file would run into one cell. Check that row for a stray quote mark (") and export the file again.',
    'error.import.fieldTooLong':
      'Row {row} holds a field longer than {max} characters, which usually means a quote mark is missing. Check that row.',
    'error.import.tooManyColumns':
      'This file has {columns} columns; Customer Lens reads up to {max}. Remove the columns you do not need (or check the delimiter) and import again.',
    'error.import.ragged':
      'Some rows have a different number of fields than the header (rows {rows}). Fix those rows, or import them with a warning each.',
    'error.import.badXlsx':
      'This Excel file could not be read: it is damaged or not an .xlsx workbook. Open it in Excel and save it again as .xlsx or as CSV.',
    'error.import.noSheet': 'The workbook has no sheet named “{sheet}”. Its sheets: {sheets}.',
    'import.warn.tooManyFields':
      '{found} fields where the header has {expected}; the extra fields were left out.',
    'import.warn.tooFewFields':
      '{found} fields where the header has {expected}; the missing ones are empty.',
    'import.warn.invalidBytes':
      '{count} byte sequences are not valid {encoding} and were replaced by “�” (the first in row {row}). If the text looks wrong, choose another encoding.',
    'progress.import.parse': 'Reading the file',
    'import.encoding.utf-8': 'UTF-8',
    'import.encoding.utf-16le': 'UTF-16 (little-endian)',
    'import.encoding.utf-16be': 'UTF-16 (big-endian)',
    'import.encoding.gb18030': 'Chinese simplified (GBK / GB18030)',
    'import.encoding.big5': 'Chinese traditional (Big5)',
    'import.encoding.windows-1252': 'Western European (Windows-1252)',
    'import.format.delimited': 'Delimited text (CSV, TSV…)',
    'import.format.whitespace': 'Columns separated by spaces',
    'import.format.baskets': 'One basket of items per line',
    'import.format.xlsx': 'Excel workbook',
    'import.delimiter.comma': 'Comma (,)',
    'import.delimiter.tab': 'Tab',
    'import.delimiter.semicolon': 'Semicolon (;)',
    'import.delimiter.pipe': 'Vertical bar (|)',
  },
  {
    'error.import.empty': '“{file}”是空文件，没有可导入的数据。',
    'error.import.headerOnly': '“{file}”只有列名，下面没有数据行。请连同数据行重新导出。',
    'error.import.binary':
      '“{file}”不是文本表格，看起来是{kind}。请将数据导出为 CSV 或 Excel（.xlsx）文件后再导入。',
    'error.import.unterminatedQuote':
      '第 {row} 行开始的带引号字段没有结束引号，文件其余部分会被读进同一个单元格。请检查该行是否有多余的引号（"），然后重新导出文件。',
    'error.import.fieldTooLong':
      '第 {row} 行有一个超过 {max} 个字符的字段，通常是缺少了引号。请检查该行。',
    'error.import.tooManyColumns':
      '此文件有 {columns} 列，客户透镜最多读取 {max} 列。请删除不需要的列（或检查分隔符）后重新导入。',
    'error.import.ragged':
      '有些行的字段数与表头不一致（第 {rows} 行）。请修正这些行，或选择导入并逐行给出警告。',
    'error.import.badXlsx':
      '无法读取此 Excel 文件：文件已损坏或不是 .xlsx 工作簿。请在 Excel 中打开并另存为 .xlsx 或 CSV。',
    'error.import.noSheet': '工作簿中没有名为“{sheet}”的工作表。现有工作表：{sheets}。',
    'import.warn.tooManyFields': '有 {found} 个字段，而表头有 {expected} 个；多出的字段已略去。',
    'import.warn.tooFewFields': '有 {found} 个字段，而表头有 {expected} 个；缺少的字段留空。',
    'import.warn.invalidBytes':
      '有 {count} 处字节不是有效的 {encoding} 编码，已替换为“�”（第一处在第 {row} 行）。如果文字显示不对，请换一种编码。',
    'progress.import.parse': '正在读取文件',
    'import.encoding.utf-8': 'UTF-8',
    'import.encoding.utf-16le': 'UTF-16（小端序）',
    'import.encoding.utf-16be': 'UTF-16（大端序）',
    'import.encoding.gb18030': '简体中文（GBK / GB18030）',
    'import.encoding.big5': '繁体中文（Big5）',
    'import.encoding.windows-1252': '西欧语言（Windows-1252）',
    'import.format.delimited': '分隔符文本（CSV、TSV 等）',
    'import.format.whitespace': '以空格分隔的列',
    'import.format.baskets': '每行一个购物篮的商品列表',
    'import.format.xlsx': 'Excel 工作簿',
    'import.delimiter.comma': '逗号（,）',
    'import.delimiter.tab': '制表符',
    'import.delimiter.semicolon': '分号（;）',
    'import.delimiter.pipe': '竖线（|）',
  },
);
