/** One customer's data key. */
export interface CustomerKey {
  keyId: string;
  /** 32 random bytes: an AES-256 key. */
  key: Buffer;
}

export interface Erasure {
  customerId: string;
  erasedAt: string;
  erasedBy: string;
  /** How many keys were destroyed (0 when the customer had none left). */
  keysDestroyed: number;
}

/**
 * The port for per-customer keys: where crypto-shredding happens. A key
 * destroyed here makes every envelope it sealed unreadable, wherever copies
 * of the envelope live (event store, backups, Kafka topics, data lakes).
 */
export interface CustomerKeyStore {
  /** The customer's current key, made on first use. */
  currentKey(customerId: string): Promise<CustomerKey>;
  /** A key by id, or null once it has been erased. */
  key(customerId: string, keyId: string): Promise<Buffer | null>;
  /** Destroys every key of the customer and records the erasure; a later intake gets a new key. */
  erase(customerId: string, erasedBy: string): Promise<Erasure>;
  /** When the customer's keys were last erased, or null. */
  erasedAt(customerId: string): Promise<string | null>;
}
