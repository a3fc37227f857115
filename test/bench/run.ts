/** `npm run bench`: every benchmark, each printing a table. Figures are for reading, not pass/fail. */
import { benchBudget } from "./budget.bench";
import { benchCsv } from "./csv.bench";
import { benchExcel } from "./excel.bench";
import { benchHistory } from "./history.bench";
import { benchOverview } from "./overview.bench";
import { benchRelayLatency, benchRelayThroughput } from "./relay.bench";
import { benchTaskpane } from "./taskpane.bench";

async function main(): Promise<void> {
  console.log(`Node ${process.version}, ${new Date().toISOString()}`);
  const only = process.env.BENCH_ONLY; // csv, excel, history, overview, relay, taskpane or budget
  if (!only || only === "csv") benchCsv();
  if (!only || only === "excel") await benchExcel();
  if (!only || only === "history") await benchHistory();
  if (!only || only === "overview") await benchOverview();
  if (!only || only === "relay") {
    await benchRelayThroughput();
    await benchRelayLatency();
  }
  if (!only || only === "taskpane") await benchTaskpane();
  if (!only || only === "budget") await benchBudget();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
