/**
 * A pipeline session on a driven clock, for tests that replay Graph's ten-minute windows in an instant:
 * a fresh simulated workbook, a request budget reading the clock, and every status the relay answered.
 */
import { RequestBudget, type AuthorizedFetch, type PipelineDeps } from "../../../src/pipeline";
import type { ExcelSimulatorOptions } from "../../emulator/excel";
import { simulatedExcel } from "../excel/sim-host";

export interface DrivenSessionOptions {
  readonly excel?: ExcelSimulatorOptions;
  /** The pipeline's own now follows the clock too (dates of the 28-day window, refresh times). */
  readonly now?: boolean;
  readonly tenant?: string;
}

export function drivenSession(
  relayBaseUrl: string,
  auth: AuthorizedFetch,
  clock: { readonly now: number },
  options: DrivenSessionOptions = {},
) {
  const { sim, host } = simulatedExcel(options.excel ?? { host: "web" });
  const statuses: number[] = [];
  const deps: PipelineDeps = {
    auth: {
      fetch: async (url, init) => {
        const response = await auth.fetch(url, init);
        statuses.push(response.status);
        return response;
      },
    },
    relayBaseUrl,
    excel: host,
    budget: new RequestBudget(undefined, () => clock.now),
    ...(options.now ? { now: () => new Date(clock.now) } : {}),
    ...(options.tenant ? { tenant: options.tenant } : {}),
  };
  return { sim, deps, statuses };
}
