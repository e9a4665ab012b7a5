/**
 * The quiz engine: pure, dependency-free rules for drawing, presenting, scoring, timing, analysing and importing
 * quiz questions. Randomness comes in as an `Rng` so every result is reproducible in tests.
 */
export * from './types';
export { randomIndex, seededRng, shuffled } from './rng';
export * from './draw';
export * from './score';
export * from './timing';
export * from './analysis';
export * from './importRows';
