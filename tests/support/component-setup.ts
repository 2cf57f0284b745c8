// Component tests: unmount whatever a test rendered (Vitest runs without globals, so Testing Library cannot
// register its own cleanup).
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(cleanup);
