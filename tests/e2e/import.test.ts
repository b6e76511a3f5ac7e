/**
 * Importing files through the built app in Debian's chromium: the real Online Retail
 * export (541,909 lines) with its quality figures, a GBK-encoded Chinese file, pasted
 * text, and a binary file that must be refused without touching what is stored.
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshotPath, type TestBrowser } from './support/browser.ts';
import { startPreview, type PreviewServer } from './support/preview-server.ts';
import { importThroughUi, reportFigure } from './support/import.ts';
import { encodeLegacy } from '../support/legacy-encode.ts';

const PORT = 4192;
const ONLINE_RETAIL = resolve(
  import.meta.dirname,
  '../../../shared/data/online_retail/online_retail.csv',
);
const hasOnlineRetail = existsSync(ONLINE_RETAIL);

let server: PreviewServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startPreview(PORT);
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function datasetCount(): Promise<number> {
  await page.goto(`${server.url}#/data`);
  await page.getByTestId('import-file').waitFor();
  // The list (or its empty state) is rendered once the store answered.
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="dataset-list"]') !== null ||
      document.body.innerText.includes('no datasets'),
  );
  return page.getByTestId('dataset-row').count();
}

describe('import through the app', () => {
  it.skipIf(!hasOnlineRetail)(
    'imports Online Retail with its true line count, missing customers, cancellations and duplicates',
    async () => {
      let figures: Record<string, number> = {};
      const imported = await importThroughUi(page, server.url, ONLINE_RETAIL, {
        beforeSave: async (p) => {
          await p.screenshot({
            path: screenshotPath('import-01-online-retail-report'),
            fullPage: false,
          });
          figures = {
            lines: await reportFigure(p, 'report-lines'),
            missingCustomerId: await reportFigure(p, 'report-missing-customer'),
            cancellations: await reportFigure(p, 'report-cancellations'),
            duplicateLines: await reportFigure(p, 'report-duplicates'),
          };
        },
      });
      expect(imported.roles).toEqual({
        InvoiceNo: 'orderId',
        StockCode: 'productId',
        Description: 'productName',
        Quantity: 'quantity',
        InvoiceDate: 'orderDate',
        UnitPrice: 'unitPrice',
        CustomerID: 'customerId',
        Country: 'region',
      });
      // pandas on the same file: len(df), df.CustomerID.isna().sum(),
      // (InvoiceNo starts with 'C' | Quantity < 0).sum(), df.duplicated().sum().
      expect(figures).toEqual({
        lines: 541_909,
        missingCustomerId: 135_080,
        cancellations: 10_624,
        duplicateLines: 5_268,
      });
      console.info('[import] Online Retail through the UI, ms', JSON.stringify(imported.timings));
      expect(await reportFigure(page, 'dataset-rows')).toBe(541_909);

      await page.reload();
      await page.getByTestId('dataset-rows').waitFor();
      expect(await reportFigure(page, 'dataset-rows')).toBe(541_909);
      await page.getByTestId('import-receipt').locator('summary').click();
      expect(await reportFigure(page, 'report-missing-customer')).toBe(135_080);
      await page.screenshot({ path: screenshotPath('import-02-online-retail-dataset') });
    },
  );

  it('reads a GBK-encoded Chinese file with the right characters and roles', async () => {
    const text = [
      '客户ID,订单号,下单日期,实付金额,数量,商品,品类,渠道,城市,性别',
      'C001,A1001,2024年3月5日,128.50,2,保温杯,家居,天猫,杭州,女',
      'C002,A1002,2024年3月6日,"1,299.00",1,蓝牙耳机,数码,京东,上海,男',
      'C001,A1003,2024年4月1日,45.00,3,笔记本,文具,门店,杭州,女',
    ].join('\r\n');
    const buffer = Buffer.from(encodeLegacy(text, 'gbk'));
    expect(buffer.includes(Buffer.from('客户', 'utf8'))).toBe(false); // really not UTF-8
    const imported = await importThroughUi(
      page,
      server.url,
      { name: '订单导出.csv', mimeType: 'text/csv', buffer },
      {
        beforeRead: async (p) => {
          expect(await p.getByTestId('import-encoding').inputValue()).toBe('gb18030');
          await p.screenshot({ path: screenshotPath('import-03-gbk-mapping') });
        },
      },
    );
    expect(imported.roles).toEqual({
      客户ID: 'customerId',
      订单号: 'orderId',
      下单日期: 'orderDate',
      实付金额: 'amount',
      数量: 'quantity',
      商品: 'productName',
      品类: 'category',
      渠道: 'channel',
      城市: 'region',
      性别: 'gender',
    });
    expect(await reportFigure(page, 'dataset-rows')).toBe(3);
    // The table shows its rows first and fills the cells once they are read from the store.
    const cells = (): Promise<string> => page.getByTestId('virtual-table').innerText();
    await expect.poll(cells, { timeout: 15_000 }).toContain('保温杯');
    expect(await cells()).toContain('杭州');
  });

  it('imports pasted tab-separated text', async () => {
    await page.goto(`${server.url}#/data`);
    await page.getByTestId('import-paste').click();
    await page
      .getByTestId('import-paste-text')
      .fill('customer\tage\tincome\nA\t34\t52000\nB\t41\t61000\n');
    await page.getByRole('dialog').getByRole('button', { name: 'Use this text' }).click();
    await page.getByTestId('import-mapping').waitFor();
    expect(await page.getByTestId('import-delimiter').inputValue()).toBe('\t');
    expect(await page.getByTestId('import-kind').inputValue()).toBe('customers');
    await page.getByTestId('import-read').click();
    await page.getByTestId('import-report').waitFor();
    await page.getByTestId('import-save').click();
    await page.waitForURL(/#\/data\/\d+$/);
    expect(await reportFigure(page, 'dataset-rows')).toBe(2);
  });

  it('imports a 1,000,000-line, 100 MB file without the tab failing', async () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'lens-big-'));
    const path = resolve(dir, 'orders-1m.csv');
    const fd = openSync(path, 'w');
    writeSync(
      fd,
      'order_id,order_date,customer_id,product,quantity,unit_price,channel,city,note\n',
    );
    let chunk = '';
    for (let i = 0; i < 1_000_000; i++) {
      const month = String(1 + (i % 12)).padStart(2, '0');
      const day = String(1 + (i % 28)).padStart(2, '0');
      chunk += `O${10_000_000 + i},2024-${month}-${day} 10:${String(i % 60).padStart(2, '0')}:00,C${i % 50_000},Product number ${i % 3000},${1 + (i % 7)},${((i % 997) / 10).toFixed(2)},web,City ${i % 300},some free text note ${i % 10_000}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    try {
      const imported = await importThroughUi(page, server.url, path);
      console.info('[import] 1M lines through the UI, ms', JSON.stringify(imported.timings));
      expect(await reportFigure(page, 'dataset-rows')).toBe(1_000_000);
      expect(imported.roles.customer_id).toBe('customerId');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a PNG renamed .csv with a clear message and keeps what is stored', async () => {
    const before = await datasetCount();
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82,
    ]);
    await page.getByTestId('import-file-input').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: png,
    });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const message = await alert.innerText();
    expect(message).toContain('customers.csv');
    expect(message.toLowerCase()).toContain('png');
    await page.screenshot({ path: screenshotPath('import-04-binary-refused') });
    expect(await datasetCount()).toBe(before);
  });
});
