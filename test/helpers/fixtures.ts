import { fileURLToPath } from 'node:url';

/** A small, hand-checked reference dataset drawn from PRECISEU D3.1. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/reference', import.meta.url));

/** The shipped reference dataset. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../data/reference', import.meta.url));

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
