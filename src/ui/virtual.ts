/**
 * The plain-TypeScript half of VirtualTable: the row source contract, the window
 * geometry (which rows a scroll position shows) and the page cache. Kept out of the
 * component so it can be reasoned about (and tested) without a DOM.
 */
import type { CellValue, ColumnRole, ColumnType } from '../core/table/index.ts';

export interface VirtualColumn {
  name: string;
  type: ColumnType;
  role?: ColumnRole;
}

/** Anything with rows: a stored dataset, or synthetic rows in a test. */
export interface RowSource {
  rowCount: number;
  columns: VirtualColumn[];
  /** Rows [start, end), each an array of cells in `columns` order. */
  fetchRows(start: number, end: number): Promise<CellValue[][]>;
}

/**
 * Browsers cap an element's height (Chromium ~33.5M px, Firefox ~17.9M px). Above this the
 * spacer stays at this height and scroll positions are scaled to rows.
 */
export const MAX_SPACER_PX = 15_000_000;

export function spacerHeight(rowCount: number, rowHeight: number): number {
  return Math.min(rowCount * rowHeight, MAX_SPACER_PX);
}

export interface RowWindow {
  /** First and one-past-last row to render (visible rows plus overscan). */
  start: number;
  end: number;
  /** Where the first rendered row goes, in the spacer's coordinates (px). */
  offset: number;
}

/**
 * The rows to render for a scroll position. `viewport` is the height that shows rows
 * (the scroll container minus its sticky header).
 */
export function rowWindow(
  scrollTop: number,
  viewport: number,
  rowCount: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  if (rowCount <= 0) return { start: 0, end: 0, offset: 0 };
  const total = rowCount * rowHeight;
  const spacer = spacerHeight(rowCount, rowHeight);
  const view = Math.max(0, viewport);
  const maxScroll = Math.max(0, spacer - view);
  const top = Math.min(Math.max(0, scrollTop), maxScroll);
  // Scroll position → position in the full (unscaled) row space; identical when not scaled.
  const virtualTop = spacer === total || maxScroll === 0 ? top : (top * (total - view)) / maxScroll;
  const first = Math.min(rowCount - 1, Math.floor(virtualTop / rowHeight));
  const visible = Math.ceil(view / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + visible + overscan);
  return { start, end, offset: top + start * rowHeight - virtualTop };
}

/** Pixels of scroll that move the table by `rows` rows (accounts for scaling). */
export function scrollDeltaForRows(
  rows: number,
  viewport: number,
  rowCount: number,
  rowHeight: number,
): number {
  const total = rowCount * rowHeight;
  const spacer = spacerHeight(rowCount, rowHeight);
  if (spacer === total) return rows * rowHeight;
  const view = Math.max(0, viewport);
  const ratio = (spacer - view) / Math.max(1, total - view);
  return rows * rowHeight * ratio;
}

/**
 * Pages of rows fetched on demand, the least recently used dropped beyond `maxPages`.
 * A page that is being fetched is not fetched twice; a failed page can be retried.
 */
export class PageCache {
  readonly #pages = new Map<number, CellValue[][]>();
  readonly #inFlight = new Set<number>();
  #failed: unknown = null;
  #disposed = false;

  constructor(
    private readonly source: RowSource,
    private readonly onChange: () => void,
    readonly pageSize = 512,
    readonly maxPages = 8,
  ) {}

  /** The error of the last failed fetch, cleared by retry(). */
  get error(): unknown {
    return this.#failed;
  }

  /** A row's cells, or undefined while its page is not loaded. */
  row(index: number): CellValue[] | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.#pages.get(page);
    if (!rows) return undefined;
    return rows[index - page * this.pageSize];
  }

  /** Makes sure rows [start, end) are loaded or loading, plus the next page when near it. */
  ensure(start: number, end: number): void {
    if (this.#disposed || end <= start) return;
    const first = Math.floor(start / this.pageSize);
    const last = Math.floor((end - 1) / this.pageSize);
    const needed = new Set<number>();
    for (let p = first; p <= last; p++) needed.add(p);
    // Prefetch the neighbouring page when the window is in the outer quarter of a page.
    const lastPage = Math.floor((this.source.rowCount - 1) / this.pageSize);
    if (end % this.pageSize > (this.pageSize * 3) / 4 && last < lastPage) needed.add(last + 1);
    if (start % this.pageSize < this.pageSize / 4 && first > 0) needed.add(first - 1);
    for (const p of needed) {
      const rows = this.#pages.get(p);
      if (rows) {
        // Most recently used goes last.
        this.#pages.delete(p);
        this.#pages.set(p, rows);
      } else if (!this.#inFlight.has(p) && this.#failed === null) {
        void this.#load(p, needed);
      }
    }
    this.#evict(needed);
  }

  retry(): void {
    this.#failed = null;
    this.onChange();
  }

  dispose(): void {
    this.#disposed = true;
    this.#pages.clear();
  }

  async #load(page: number, keep: Set<number>): Promise<void> {
    this.#inFlight.add(page);
    const start = page * this.pageSize;
    const end = Math.min(this.source.rowCount, start + this.pageSize);
    try {
      const rows = await this.source.fetchRows(start, end);
      if (this.#disposed) return;
      this.#pages.set(page, rows);
      this.#evict(keep);
    } catch (err) {
      if (this.#disposed) return;
      this.#failed = err;
    } finally {
      this.#inFlight.delete(page);
    }
    this.onChange();
  }

  #evict(keep: Set<number>): void {
    for (const p of this.#pages.keys()) {
      if (this.#pages.size <= this.maxPages) break;
      if (!keep.has(p)) this.#pages.delete(p);
    }
  }
}
