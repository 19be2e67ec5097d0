// Placeholder entry until the CLI lands (issue 5); keeps the build shape stable.
import { runMain } from './run.js';

runMain();
