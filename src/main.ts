/// <reference types="vite-plugin-pwa/vanillajs" />
import { mount } from 'svelte';
import { registerSW } from 'virtual:pwa-register';
import App from './app/App.svelte';
import { pwa, setUpdater } from './app/pwa.svelte.ts';
import { getLocale } from './i18n/index.ts';
import './app/global.css';

document.documentElement.lang = getLocale();

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
mount(App, { target });

// The service worker precaches the app for offline use. Under `vite dev` registerSW is a
// no-op (devOptions are off), so development and tests never get a stale worker.
const state = pwa();
setUpdater(
  registerSW({
    onNeedRefresh() {
      state.needRefresh = true;
    },
    onOfflineReady() {
      state.offlineReady = true;
    },
    onRegisterError() {
      state.registerError = true;
    },
  }),
);
