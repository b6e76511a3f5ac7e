/**
 * The simulated orders and their lines, as growable typed arrays (struct of arrays). At the
 * default size that is ~40k orders and ~90k lines; as objects they cost more in garbage
 * collection than the simulation itself.
 *
 * An order's lines are contiguous: add the order, then its lines, before the next order.
 * A return is an order whose `returnOf` is the index of the order it credits.
 */
export class OrderBook {
  orderCount = 0;
  lineCount = 0;
  ms = new Float64Array(1024);
  customer = new Int32Array(1024);
  channel = new Uint8Array(1024);
  returnOf = new Int32Array(1024);
  lineStart = new Uint32Array(1024);
  lineEnd = new Uint32Array(1024);
  product = new Uint16Array(2048);
  quantity = new Int32Array(2048);
  unitPrice = new Float64Array(2048);

  /** Adds an order (returnOf = -1) or a return (returnOf = the credited order); returns its index. */
  addOrder(ms: number, customer: number, channel: number, returnOf = -1): number {
    if (this.orderCount === this.ms.length) this.growOrders();
    const i = this.orderCount++;
    this.ms[i] = ms;
    this.customer[i] = customer;
    this.channel[i] = channel;
    this.returnOf[i] = returnOf;
    this.lineStart[i] = this.lineCount;
    this.lineEnd[i] = this.lineCount;
    return i;
  }

  /** Adds a line to the most recently added order. */
  addLine(product: number, quantity: number, unitPrice: number): void {
    if (this.lineCount === this.product.length) this.growLines();
    const j = this.lineCount++;
    this.product[j] = product;
    this.quantity[j] = quantity;
    this.unitPrice[j] = unitPrice;
    this.lineEnd[this.orderCount - 1] = this.lineCount;
  }

  private growOrders(): void {
    const n = this.ms.length * 2;
    this.ms = grow(this.ms, new Float64Array(n));
    this.customer = grow(this.customer, new Int32Array(n));
    this.channel = grow(this.channel, new Uint8Array(n));
    this.returnOf = grow(this.returnOf, new Int32Array(n));
    this.lineStart = grow(this.lineStart, new Uint32Array(n));
    this.lineEnd = grow(this.lineEnd, new Uint32Array(n));
  }

  private growLines(): void {
    const n = this.product.length * 2;
    this.product = grow(this.product, new Uint16Array(n));
    this.quantity = grow(this.quantity, new Int32Array(n));
    this.unitPrice = grow(this.unitPrice, new Float64Array(n));
  }
}

function grow<T extends Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>(
  from: T,
  to: T,
): T {
  to.set(from);
  return to;
}
