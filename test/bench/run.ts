/** `npm run bench`: every benchmark, each printing a table. Figures are for reading, not pass/fail. */
import { benchCsv } from "./csv.bench";

console.log(`Node ${process.version}, ${new Date().toISOString()}`);
benchCsv();
