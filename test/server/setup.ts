// Vitest runs this before each test file (vite.config.ts). Files may share a process (the 'unit'
// project does not isolate them): each one gets the folders afresh and leaves nothing behind.
import { afterAll, beforeAll } from 'vitest';
import { createTestFolders, removeTestFolders } from './test-folders.ts';

beforeAll(createTestFolders);
afterAll(removeTestFolders);
