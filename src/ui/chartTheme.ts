/**
 * What every chart here shares with the page around it: the app's colours (CSS custom
 * properties), the system's light/dark and reduced-motion settings followed live, an opaque
 * background so a saved PNG stays readable outside the app, and saving the PNG.
 */
import type { ChartType, Plugin } from 'chart.js';
import { downloadBlob, safeFileName } from './download.ts';

/** Reads the page root's CSS custom properties; the fallback when one is unset. */
export function cssReader(): (name: string, fallback: string) => string {
  const style = getComputedStyle(document.documentElement);
  return (name, fallback) => style.getPropertyValue(name).trim() || fallback;
}

/**
 * Calls `onTheme` whenever the system switches between light and dark, and `onMotion` with
 * the reduced-motion preference now and on every change. Returns the cleanup (for onMount).
 */
export function followChartSettings(
  onTheme: () => void,
  onMotion?: (reduced: boolean) => void,
): () => void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const remotion = (): void => onMotion?.(motion.matches);
  remotion();
  dark.addEventListener('change', onTheme);
  if (onMotion) motion.addEventListener('change', remotion);
  return () => {
    dark.removeEventListener('change', onTheme);
    if (onMotion) motion.removeEventListener('change', remotion);
  };
}

/**
 * Paints the surface colour under the chart, so a saved PNG is not transparent (dark-mode
 * text would be unreadable in an image viewer). `surface` is read at draw time.
 */
export function opaqueBackground<T extends ChartType>(surface: () => string): Plugin<T> {
  return {
    id: 'lensBackground',
    beforeDraw(c) {
      const ctx = c.ctx;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = surface();
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.restore();
    },
  };
}

/** Saves a canvas (or a composed figure) as a PNG named after its title. */
export function saveCanvasPng(canvas: HTMLCanvasElement | undefined, title: string): void {
  if (!canvas) return;
  const name = safeFileName(title, 'chart', 'png');
  canvas.toBlob((blob) => {
    if (blob) downloadBlob(blob, name);
  }, 'image/png');
}
