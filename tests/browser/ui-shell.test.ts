import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import App from '../../src/app/App.svelte';
import {
  currentRoute,
  navigate,
  navSection,
  parseHash,
  routeHash,
  startRouter,
} from '../../src/app/router.svelte.ts';
import { getLocale, setLocale, t } from '../../src/i18n/index.ts';
import { mergedMessages } from '../../src/i18n/catalogue.ts';

describe('parseHash', () => {
  it('resolves every page of the app', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash('#')).toEqual({ name: 'home' });
    expect(parseHash('#/')).toEqual({ name: 'home' });
    expect(parseHash('#/data')).toEqual({ name: 'data' });
    expect(parseHash('#/data/')).toEqual({ name: 'data' });
    expect(parseHash('#/data/42')).toEqual({ name: 'dataset', id: 42 });
    expect(parseHash('#/data/7?x=1')).toEqual({ name: 'dataset', id: 7 });
    expect(parseHash('#/privacy')).toEqual({ name: 'privacy' });
    expect(parseHash('#/about')).toEqual({ name: 'about' });
  });

  it('sends anything else to not-found, keeping the path', () => {
    expect(parseHash('#/nope')).toEqual({ name: 'notFound', path: '/nope' });
    expect(parseHash('#/data/abc')).toEqual({ name: 'notFound', path: '/data/abc' });
    expect(parseHash('#/data/0')).toEqual({ name: 'notFound', path: '/data/0' });
    expect(parseHash('#/data/-3')).toEqual({ name: 'notFound', path: '/data/-3' });
    expect(parseHash('#/data/1/2')).toEqual({ name: 'notFound', path: '/data/1/2' });
    expect(parseHash('#/about/more')).toEqual({ name: 'notFound', path: '/about/more' });
  });

  it('round-trips through routeHash and maps the dataset view to the Data section', () => {
    for (const hash of ['#/', '#/data', '#/data/5', '#/privacy', '#/about']) {
      expect(routeHash(parseHash(hash))).toBe(hash);
    }
    expect(navSection({ name: 'dataset', id: 5 })).toBe('data');
    expect(navSection({ name: 'notFound', path: '/x' })).toBeNull();
  });
});

describe('router state', () => {
  let stop: () => void = () => {};
  afterEach(() => {
    stop();
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('follows navigate() and hash changes', async () => {
    stop = startRouter();
    navigate({ name: 'dataset', id: 12 });
    expect(location.hash).toBe('#/data/12');
    expect(currentRoute()).toEqual({ name: 'dataset', id: 12 });

    location.hash = '#/privacy';
    await vi.waitFor(() => expect(currentRoute()).toEqual({ name: 'privacy' }));

    navigate('#/nowhere');
    expect(currentRoute()).toEqual({ name: 'notFound', path: '/nowhere' });
  });
});

describe('catalogues', () => {
  it('have the same keys and no empty text in English and Chinese', () => {
    const en = mergedMessages('en');
    const zh = mergedMessages('zh-CN');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zh)) {
      expect(text.trim(), key).not.toBe('');
    }
    // Placeholders match between the languages.
    for (const key of Object.keys(en)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(zh[key]), key).toEqual(names(en[key]));
    }
  });
});

describe('App shell', () => {
  let host: HTMLDivElement;
  let app: ReturnType<typeof mount> | null = null;

  beforeEach(() => {
    setLocale('en');
    history.replaceState(null, '', `${location.pathname}${location.search}#/privacy`);
    host = document.createElement('div');
    document.body.append(host);
  });

  afterEach(() => {
    if (app) unmount(app);
    app = null;
    host.remove();
    setLocale('en');
    history.replaceState(null, '', location.pathname + location.search);
  });

  function navText(): string[] {
    return [...host.querySelectorAll('nav[aria-label] a')].map((a) => a.textContent?.trim() ?? '');
  }

  it('switches the whole interface to Chinese and back with the language select', async () => {
    app = mount(App, { target: host });
    flushSync();
    expect(navText()).toEqual([
      'Home',
      'Data',
      'Customers',
      'Segments',
      'Clusters',
      'Predict',
      'Learn',
      'Privacy',
      'About',
    ]);
    expect(host.querySelector('h1')?.textContent).toBe('Privacy');
    expect(host.querySelector('footer')?.textContent).toContain('Your data stays on this device');

    const select = host.querySelector<HTMLSelectElement>('select[data-testid="language"]')!;
    // The select has an accessible name from its label.
    expect(select.labels?.[0]?.textContent?.trim()).toBe('Language');
    expect([...select.options].map((o) => o.textContent)).toEqual(['English', '中文']);

    select.value = 'zh-CN';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(getLocale()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(localStorage.getItem('customer-lens.locale')).toBe('zh-CN');
    expect(navText()).toEqual([
      '首页',
      '数据',
      '客户',
      '分群',
      '聚类',
      '预测',
      '学习',
      '隐私',
      '关于',
    ]);
    expect(host.querySelector('h1')?.textContent).toBe('隐私');
    expect(host.querySelector('footer')?.textContent).toContain('您的数据只保存在本设备上');
    expect(document.title).toBe('隐私 · 客户透镜');

    select.value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
    expect(document.documentElement.lang).toBe('en');
    expect(navText()).toEqual([
      'Home',
      'Data',
      'Customers',
      'Segments',
      'Clusters',
      'Predict',
      'Learn',
      'Privacy',
      'About',
    ]);
    expect(host.querySelector('h1')?.textContent).toBe('Privacy');
  });

  it('marks the current page in the navigation and shows not-found with a way home', async () => {
    app = mount(App, { target: host });
    flushSync();
    const current = () =>
      [...host.querySelectorAll('nav[aria-label] a[aria-current="page"]')].map(
        (a) => a.textContent,
      );
    expect(current()).toEqual(['Privacy']);
    expect(host.querySelector('main#main')).not.toBeNull();
    expect(host.querySelector('a.skip-link')?.getAttribute('href')).toBe('#main');

    navigate('#/no-such-page');
    flushSync();
    expect(host.querySelector('h1')?.textContent).toBe(t('nav.notFound.title'));
    expect(host.querySelector('main')?.textContent).toContain('/no-such-page');
    const home = [...host.querySelectorAll('main a')].find((a) => a.getAttribute('href') === '#/');
    expect(home?.textContent).toBe('Go to the home page');
    expect(current()).toEqual([]);
    // Focus moved to the new page's content.
    expect(document.activeElement).toBe(host.querySelector('main'));

    navigate({ name: 'dataset', id: 999_999 });
    flushSync();
    expect(current()).toEqual(['Data']);
    await vi.waitFor(() =>
      expect(host.querySelector('main h1')?.textContent).toBe('Dataset not found'),
    );
  });
});
