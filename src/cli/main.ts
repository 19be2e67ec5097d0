import { runMain } from './run.js';

void runMain();
