import { defineMessages } from '../define.ts';

/**
 * The import's value types, column roles and the reasons behind a guessed role
 * (src/core/ingest/{infer,roles,typing}.ts). Reasons are shown as the tooltip of the role
 * menu, next to the role itself, so they do not repeat the role's name.
 */
export default defineMessages(
  {
    'import.type.string': 'Text',
    'import.type.integer': 'Whole number',
    'import.type.decimal': 'Decimal number',
    'import.type.date': 'Date',
    'import.type.datetime': 'Date and time',
    'import.type.boolean': 'Yes / no',
    'import.type.category': 'Category',

    'import.role.customerId': 'Customer ID',
    'import.role.orderId': 'Order ID',
    'import.role.orderDate': 'Order date',
    'import.role.amount': 'Amount',
    'import.role.quantity': 'Quantity',
    'import.role.unitPrice': 'Unit price',
    'import.role.productId': 'Product ID',
    'import.role.productName': 'Product name',
    'import.role.category': 'Product category',
    'import.role.channel': 'Sales channel',
    'import.role.region': 'Region',
    'import.role.gender': 'Gender',
    'import.role.age': 'Age',
    'import.role.income': 'Income',
    'import.role.email': 'E-mail',
    'import.role.phone': 'Phone',
    'import.role.name': 'Customer name',
    'import.role.attribute': 'Other attribute',
    'import.role.ignore': 'Do not import',

    'import.role.reason.header': 'The column name “{name}” is a usual name for this role.',
    'import.role.reason.headerPart':
      'The column name “{name}” contains “{keyword}”, which usually names this role.',
    'import.role.reason.valuesEmail': '{percent}% of the values look like e-mail addresses.',
    'import.role.reason.valuesPhone': '{percent}% of the values look like phone numbers.',
    'import.role.reason.valuesGender': 'The values ({values}) look like gender codes.',
    'import.role.reason.valuesDate':
      '“{name}” holds dates and no other column is named as the order date.',
    'import.role.reason.taken':
      '“{other}” fits this role better, so “{name}” is kept as an attribute.',
    'import.role.reason.typeMismatch':
      'The name “{name}” suggests a role, but the values do not fit it; kept as an attribute.',
    'import.role.reason.none':
      'Neither the name “{name}” nor the values point to a role; kept as an attribute.',

    'progress.import.typing': 'Reading the values of each column',
  },
  {
    'import.type.string': '文本',
    'import.type.integer': '整数',
    'import.type.decimal': '小数',
    'import.type.date': '日期',
    'import.type.datetime': '日期时间',
    'import.type.boolean': '是 / 否',
    'import.type.category': '类别',

    'import.role.customerId': '客户 ID',
    'import.role.orderId': '订单号',
    'import.role.orderDate': '下单日期',
    'import.role.amount': '金额',
    'import.role.quantity': '数量',
    'import.role.unitPrice': '单价',
    'import.role.productId': '商品编号',
    'import.role.productName': '商品名称',
    'import.role.category': '商品品类',
    'import.role.channel': '销售渠道',
    'import.role.region': '地区',
    'import.role.gender': '性别',
    'import.role.age': '年龄',
    'import.role.income': '收入',
    'import.role.email': '电子邮箱',
    'import.role.phone': '电话',
    'import.role.name': '客户姓名',
    'import.role.attribute': '其他属性',
    'import.role.ignore': '不导入',

    'import.role.reason.header': '列名“{name}”通常表示这一角色。',
    'import.role.reason.headerPart': '列名“{name}”含有“{keyword}”，通常表示这一角色。',
    'import.role.reason.valuesEmail': '{percent}% 的值看起来是电子邮箱地址。',
    'import.role.reason.valuesPhone': '{percent}% 的值看起来是电话号码。',
    'import.role.reason.valuesGender': '这些值（{values}）看起来是性别代码。',
    'import.role.reason.valuesDate': '“{name}”包含日期，且没有其他列被命名为下单日期。',
    'import.role.reason.taken': '“{other}”更符合这一角色，因此“{name}”保留为普通属性。',
    'import.role.reason.typeMismatch':
      '列名“{name}”提示了某个角色，但其中的值与之不符，因此保留为普通属性。',
    'import.role.reason.none': '列名“{name}”和其中的值都看不出角色，因此保留为普通属性。',

    'progress.import.typing': '正在识别各列的值',
  },
);
