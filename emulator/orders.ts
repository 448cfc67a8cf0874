import type { OrderInfo } from '../lib/openapi/types';
import { extraMockOrders, mockOrders } from '../lib/marketplace/mockOrders';

/** In-memory order store answering Query Order (spec §3.11), preloaded with the documented debug mock orders and the emulator's extra ones. */

export interface OrderStore {
  /** Registers or replaces an order (keyed by orderId). */
  putOrder(order: OrderInfo): void;
  /** The order, narrowed to the one line when `orderLineId` is given; undefined if either is unknown. */
  getOrder(orderId: string, orderLineId?: string): OrderInfo | undefined;
  listOrders(): OrderInfo[];
}

export function createOrderStore(opts: { preloadMocks?: boolean; now?: Date } = {}): OrderStore {
  const orders = new Map<string, OrderInfo>();
  // deep copies, so a caller mutating what it put or got cannot change the store
  const copy = (o: OrderInfo): OrderInfo => structuredClone(o);
  const store: OrderStore = {
    putOrder(order) {
      orders.set(order.orderId, copy(order));
    },
    getOrder(orderId, orderLineId) {
      const order = orders.get(orderId);
      if (!order) return undefined;
      if (orderLineId === undefined || orderLineId === '') return copy(order);
      const line = order.orderLine.find((l) => l.orderLineId === orderLineId);
      return line ? { ...copy(order), orderLine: [structuredClone(line)] } : undefined;
    },
    listOrders() {
      return [...orders.values()].map(copy);
    },
  };
  if (opts.preloadMocks ?? true) for (const o of [...mockOrders(opts.now), ...extraMockOrders(opts.now)]) store.putOrder(o);
  return store;
}
