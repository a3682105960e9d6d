// Offset pagination, after Azure's core-paging: an async iterable of items with `.byPage()`. The offset
// advances by the number of items received (an appliance, or a proxy, may cap `limit` without saying so). A
// listing ends on an empty page, or once the items received reach the total the appliance reports; a short page
// alone never ends it, since a capped page is short too. While the caller works through one page, the next ones
// are already being fetched: `concurrency` of them at once, in order, so memory stays within `concurrency` pages.
import { InvalidResponseError } from "./errors.js";

/** Options of `byPage()`. */
export interface PageSettings {
  /**
   * Items to ask for per page (the appliance may return fewer).
   * @default the `pageSize` the iterator was created with
   */
  pageSize?: number | undefined;
}

/**
 * Every item of a paged collection, in order; `byPage()` gives the pages instead.
 *
 * @example
 * ```ts
 * for await (const vm of client.listVirtualMachineSnapshots()) console.log(vm.name);
 * for await (const page of client.listVirtualMachineSnapshots().byPage({ pageSize: 100 })) console.log(page.offset);
 * ```
 */
export interface PagedAsyncIterableIterator<TItem, TPage> extends AsyncIterableIterator<TItem> {
  /**
   * Iterates page by page instead of item by item.
   * @example
   * ```ts
   * for await (const page of client.listVirtualMachineSnapshots().byPage({ pageSize: 200 })) console.log(page.results.length);
   * ```
   */
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

/** The shape of a page of this API, in every version. */
export interface OffsetPage<TItem> {
  /** The offset the appliance served, where it says. */
  offset?: number | undefined;
  results: TItem[];
}

/** How {@link paginate} fetches and checks pages. */
export interface PaginateOptions<TItem, TPage extends OffsetPage<TItem>> {
  /** Fetches the page at `offset` with at most `limit` items (checked to have a results array). */
  fetchPage(offset: number, limit: number, signal: AbortSignal): Promise<TPage>;
  /** Identifies an item, to detect a server that serves the same page again. */
  key(item: TItem): string;
  /** The number of items in the whole collection, where the page says (v1's pages do not). */
  total?: ((page: TPage) => number | null | undefined) | undefined;
  /** Items per page. */
  pageSize: number;
  /** Pages fetched at once. */
  concurrency: number;
  /** Stops the iteration, and every request under way, when aborted. */
  signal?: AbortSignal | undefined;
}

interface Pending<TPage> {
  offset: number;
  controller: AbortController;
  page: Promise<TPage>;
}

/** Creates the iterator over a paged collection. Nothing is fetched until iteration starts. */
export function paginate<TItem, TPage extends OffsetPage<TItem>>(
  options: PaginateOptions<TItem, TPage>,
): PagedAsyncIterableIterator<TItem, TPage> {
  const { signal } = options;

  async function* pages(pageSize: number): AsyncGenerator<TPage> {
    const queue: Pending<TPage>[] = [];
    const request = (offset: number) => {
      const controller = new AbortController();
      const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
      const page = options.fetchPage(offset, pageSize, combined);
      page.catch(() => undefined); // a failure surfaces when the caller reaches that page, not as unhandled
      queue.push({ offset, controller, page });
    };
    const cancelQueued = () => {
      for (const pending of queue.splice(0)) pending.controller.abort();
    };
    let step = 0;
    let previous: string | undefined; // the keys of the page before, joined; none before the first
    try {
      request(0);
      for (let pending = queue.shift(); pending; pending = queue.shift()) {
        signal?.throwIfAborted();
        const page = await pending.page;
        const where = `the page at offset ${pending.offset}`;
        if (typeof page.offset === "number" && page.offset !== pending.offset) {
          throw new InvalidResponseError(
            `asked for ${where} but got offset ${page.offset}: the server ignores offset`,
          );
        }
        const count = page.results.length;
        if (count === 0) return;
        const keys = page.results.map(options.key).join("\n");
        if (keys === previous)
          throw new InvalidResponseError(`${where} repeats the previous page: the server ignores offset`);
        previous = keys;
        const end = pending.offset + count;
        // A total is believed only if it can be right: an integer no lower than the items already received (a
        // count of 0 or -1 beside results would end the listing early and lose the rest, silently).
        const reported = options.total?.(page);
        const total =
          typeof reported === "number" && Number.isInteger(reported) && reported >= end
            ? reported
            : Number.POSITIVE_INFINITY;
        if (end >= total)
          cancelQueued(); // with nothing queued, the loop ends after this page
        else {
          if (count !== step) cancelQueued(); // pages queued at the old step would leave gaps or overlaps
          step = count;
          let next = queue.at(-1)?.offset ?? pending.offset;
          // Never beyond a reported total: such a page would be empty.
          for (next += step; queue.length < options.concurrency && next < total; next += step) request(next);
        }
        yield page;
      }
    } finally {
      cancelQueued();
    }
  }

  async function* items(): AsyncGenerator<TItem> {
    for await (const page of pages(options.pageSize)) {
      for (const item of page.results) {
        signal?.throwIfAborted(); // an abort stops the iteration at once, even inside a page
        yield item;
      }
    }
  }

  const iterator = items();
  return {
    next: () => iterator.next(),
    return: (value?: unknown) => iterator.return(value as TItem),
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage: (settings?: PageSettings) => pages(settings?.pageSize ?? options.pageSize),
  };
}
