/** A small seeded random source, so a seed always gives the same respondent (tests, demo, benchmarks). */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  chance(probability: number): boolean;
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T extends string | number>(weights: Partial<Record<T, number>> | readonly (readonly [T, number])[]): T;
  normal(): number;
}

/** FNV-1a: spreads string and number seeds over 32 bits. */
export function hashSeed(seed: string | number): number {
  let hash = 0x811c9dc5;
  for (const char of String(seed)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

/** mulberry32: fast, 32-bit state, good enough for simulated answers (not for anything secret). */
export function createRandom(seed: string | number): Random {
  let state = hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    chance: (probability) => next() < probability,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted<T extends string | number>(weights: Partial<Record<T, number>> | readonly (readonly [T, number])[]): T {
      const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as [T, number][];
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let draw = next() * total;
      for (const [value, weight] of entries) {
        draw -= weight;
        if (draw < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
  return random;
}
