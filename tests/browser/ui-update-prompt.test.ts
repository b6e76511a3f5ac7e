import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import UpdatePrompt from '../../src/ui/UpdatePrompt.svelte';
import { setLocale } from '../../src/i18n/index.ts';

describe('UpdatePrompt', () => {
  let host: HTMLDivElement;
  let component: ReturnType<typeof mount> | null = null;

  beforeEach(() => {
    setLocale('en');
    host = document.createElement('div');
    document.body.append(host);
  });

  afterEach(() => {
    if (component) unmount(component);
    component = null;
    host.remove();
    setLocale('en');
  });

  function buttons(): HTMLButtonElement[] {
    return [...host.querySelectorAll('button')];
  }

  it('says nothing while there is nothing to say', () => {
    component = mount(UpdatePrompt, {
      target: host,
      props: {
        needRefresh: false,
        offlineReady: false,
        onReload: vi.fn(),
        onLater: vi.fn(),
        onOfflineSeen: vi.fn(),
      },
    });
    flushSync();
    expect(host.querySelectorAll('[role="status"]')).toHaveLength(0);
  });

  it('offers Reload and Later for a new version, in a polite live region, localised', () => {
    const onReload = vi.fn();
    const onLater = vi.fn();
    component = mount(UpdatePrompt, {
      target: host,
      props: { needRefresh: true, offlineReady: false, onReload, onLater, onOfflineSeen: vi.fn() },
    });
    flushSync();
    expect(host.querySelector('[aria-live="polite"]')).not.toBeNull();
    expect(host.textContent).toContain('new version');
    const [reload, later] = buttons();
    expect(reload.textContent?.trim()).toBe('Reload');
    later.click();
    expect(onLater).toHaveBeenCalledTimes(1);
    reload.click();
    flushSync();
    expect(onReload).toHaveBeenCalledTimes(1);
    // A second click while reloading does nothing.
    expect(reload.disabled).toBe(true);

    setLocale('zh-CN');
    flushSync();
    expect(host.textContent).not.toContain('new version');
    expect(buttons()[0].textContent?.trim()).not.toBe('Reload');
  });

  it('lets the offline-ready note go by itself after its time', () => {
    vi.useFakeTimers();
    try {
      const onOfflineSeen = vi.fn();
      component = mount(UpdatePrompt, {
        target: host,
        props: {
          needRefresh: false,
          offlineReady: true,
          onReload: vi.fn(),
          onLater: vi.fn(),
          onOfflineSeen,
          offlineReadyMs: 1000,
        },
      });
      flushSync();
      expect(host.textContent).toContain('offline');
      vi.advanceTimersByTime(999);
      expect(onOfflineSeen).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(onOfflineSeen).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
