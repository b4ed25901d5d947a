/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Pick by weight: `[['completed', 70], ['no_show', 8]]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return (choices[choices.length - 1] as readonly [T, number])[0];
  }
  /** A UUIDv7 for an entity created at `ms`: time-ordered like live ids, yet the same for the same seed. */
  uuidv7(ms: number): string {
    const ts = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
    const rand = Array.from({ length: 20 }, () => Math.floor(this.next() * 16).toString(16));
    rand[0] = '7';
    rand[4] = ((Math.floor(this.next() * 4) + 8) as number).toString(16);
    const r = rand.join('');
    return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8, 20)}`;
  }
}
