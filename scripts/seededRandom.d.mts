/** mulberry32: numbers in [0, 1), the same sequence for a seed on every machine. */
export function seededRandom(seed: number): () => number;
