/**
 * Open-addressing hash map from non-zero-ish uint32 keys to int32 values, backed by
 * flat typed arrays (fast lookups, trivially serialisable). Key 0 is remapped
 * internally so any uint32 may be used.
 */

export class U32Map {
  keys: Uint32Array;
  vals: Int32Array;
  size = 0;
  private mask: number;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }

  static fromArrays(keys: Uint32Array, vals: Int32Array): U32Map {
    const m = new U32Map(4);
    m.keys = keys;
    m.vals = vals;
    m.mask = keys.length - 1;
    let n = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) n++;
    m.size = n;
    return m;
  }

  /** Value for key, or `missing` when absent. */
  get(key: number, missing = -1): number {
    const k = key === 0 ? 0x9e3779b9 : key >>> 0;
    const keys = this.keys;
    const mask = this.mask;
    let i = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const s = keys[i]!;
      if (s === k) return this.vals[i]!;
      if (s === 0) return missing;
      i = (i + 1) & mask;
    }
  }

  set(key: number, val: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const k = key === 0 ? 0x9e3779b9 : key >>> 0;
    const keys = this.keys;
    const mask = this.mask;
    let i = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const s = keys[i]!;
      if (s === k) {
        this.vals[i] = val;
        return;
      }
      if (s === 0) {
        keys[i] = k;
        this.vals[i] = val;
        this.size++;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  forEach(fn: (key: number, val: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== 0) fn(this.keys[i]!, this.vals[i]!);
  }

  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    const cap = oldK.length * 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldK.length; i++) if (oldK[i] !== 0) this.set(oldK[i]!, oldV[i]!);
  }
}
