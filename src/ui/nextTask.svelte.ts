/**
 * A flag that turns true in the task after `key()` took its current value (and the
 * component mounted). A page builds a large, secondary part of itself behind it, so the
 * first part is built (and can be painted) in one task and the rest in the next: no single
 * task holds the page for long. The first import in a fresh tab, where the code runs for
 * the first time, built its mapping table and its review page in one task of 110–160 ms
 * each; the target for the longest task is 100 ms.
 *
 * Call during component initialisation (it registers an effect).
 */
export function readyNextTask(key: () => unknown = () => true): { readonly ready: boolean } {
  // Boxed, so that any key (undefined included) can be told from "not ready yet".
  let readyFor = $state.raw<{ key: unknown } | null>(null);
  $effect(() => {
    const current = key();
    // setTimeout, not requestAnimationFrame: a hidden tab runs no frames but does run tasks.
    const timer = setTimeout(() => (readyFor = { key: current }), 0);
    return () => clearTimeout(timer);
  });
  return {
    get ready() {
      return readyFor !== null && readyFor.key === key();
    },
  };
}
