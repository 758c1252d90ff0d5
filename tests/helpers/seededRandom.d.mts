/** mulberry32: numbers in [0, 1), the same sequence for the same seed on every machine. */
export declare function seededRandom(seed: number): () => number;
