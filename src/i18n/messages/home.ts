import { defineMessages } from '../define.ts';

/** The home page: what Customer Lens is for, the demo shop, the overview. */
export default defineMessages(
  {
    'home.loading': 'Opening your workspace…',
    'home.empty.title': 'Get to know your customers, privately',
    'home.empty.purpose':
      'Customer Lens is a workspace for understanding customers from their orders: who buys, how often and how much, so that you can group them and plan marketing that fits each group.',
    'home.empty.now':
      'Start with the demo shop — two years of orders from 5,000 customers, generated on this device — or import your own orders or customer list (CSV, TSV or Excel). Every file gets a data-quality report and optional cleaning before it is stored.',
    'home.import': 'Import your data',
    'home.importNote': 'CSV, TSV, text or Excel (.xlsx); read on this device only',
    'home.privacy.title': 'Your data stays on this device',
    'home.privacy.body':
      'Everything is stored and computed in this browser. Nothing is uploaded: there is no server, no analytics and no tracking.',
    'home.privacy.link': 'What is stored, and how to delete it',
    'home.overview.title': 'Overview',
    'home.overview.lead': 'What is stored in this browser right now.',
    'home.overview.stored': 'On this device',
    'home.overview.datasets': 'Datasets',
    'home.overview.rows': 'Rows in total',
    'home.overview.recent': 'Most recent',
    'home.overview.rowCount': '{rows} rows',
    'home.overview.allData': 'See all datasets',
    'home.demo.title': 'Demo shop',
    'home.demo.text':
      'A realistic practice shop — customers, orders and products — generated on this device from a fixed seed, so it is the same every time.',
    'home.demo.loadedText':
      'The demo shop is loaded. Loading it again adds a second, identical copy (handy to practise renaming and deleting).',
    'home.demo.load': 'Load the demo shop',
    'home.demo.loadAgain': 'Load the demo shop again',
    'home.demo.note': '{customers} customers, 24 months of orders',
    'home.demo.progressLabel': 'Loading the demo shop',
    'home.demo.cancelled': 'Stopped. Nothing was saved.',
    'home.demo.failed': 'The demo shop could not be loaded',
  },
  {
    'home.loading': '正在打开工作区…',
    'home.empty.title': '在本机了解您的客户',
    'home.empty.purpose':
      '客户透镜是一个从订单数据了解客户的工作台：谁在购买、多久买一次、花了多少钱，帮助您为客户分组，并为每个群体制定合适的营销方案。',
    'home.empty.now':
      '可以先从演示商店开始（在本设备上生成的 5,000 位客户两年的订单），也可以导入您自己的订单或客户名单（CSV、TSV 或 Excel）。每个文件在保存前都会生成数据质量报告，并可选择进行清洗。',
    'home.import': '导入您的数据',
    'home.importNote': 'CSV、TSV、文本或 Excel（.xlsx）文件，仅在本设备上读取',
    'home.privacy.title': '您的数据只保存在本设备上',
    'home.privacy.body':
      '所有数据都在此浏览器中存储和计算，不会上传任何内容：没有服务器，没有统计分析，也没有跟踪。',
    'home.privacy.link': '了解存储了哪些数据以及如何删除',
    'home.overview.title': '概览',
    'home.overview.lead': '此浏览器中当前存储的内容。',
    'home.overview.stored': '本设备上的数据',
    'home.overview.datasets': '数据集',
    'home.overview.rows': '总行数',
    'home.overview.recent': '最近添加',
    'home.overview.rowCount': '{rows} 行',
    'home.overview.allData': '查看全部数据集',
    'home.demo.title': '演示商店',
    'home.demo.text':
      '一个贴近真实的练习商店（客户、订单和商品），使用固定的随机种子在本设备上生成，因此每次的数据都相同。',
    'home.demo.loadedText':
      '演示商店已载入。再次载入会新增一份相同的副本（可用来练习重命名和删除）。',
    'home.demo.load': '载入演示商店',
    'home.demo.loadAgain': '再次载入演示商店',
    'home.demo.note': '{customers} 位客户，24 个月的订单',
    'home.demo.progressLabel': '正在载入演示商店',
    'home.demo.cancelled': '已停止，未保存任何数据。',
    'home.demo.failed': '无法载入演示商店',
  },
);
