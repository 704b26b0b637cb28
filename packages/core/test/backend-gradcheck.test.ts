// The backend gradient kit run on the reference backend itself, as a third-party backend would run it.
import { createReferenceBackend } from '../src/reference/index.js';
import { backendGradcheck } from '../src/testing/index.js';

await backendGradcheck(() => createReferenceBackend(), { name: 'reference (as a plugin)' });
