/**
 * The parts of the pane the first paint does not show, in the "workbook" chunk with the pipeline and
 * the report catalog they go with. The pane preloads them as it starts (preloadLaterParts), so once in
 * they render at once, like any component; before, they suspend: render them inside a <Suspense> within
 * a <ChunkFailureBoundary>. (React.lazy would suspend on first use even when loaded: a period picker
 * missing for a moment after picking a report is one a keyboard user can Tab past.)
 */
import { Text } from "@fluentui/react-components";
import { Component, type ComponentType, type ReactNode } from "react";
import { CHUNK_NOT_LOADED, ChunkNotLoadedError, loadChunk } from "../chunks";

interface LazyPart<P> {
  (props: P): ReactNode;
  preload(): Promise<void>;
}

function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let state: { loaded: ComponentType<P> } | { failed: unknown } | undefined;
  let loading: Promise<void> | undefined;
  const preload = () =>
    (loading ??= loadChunk(load).then(
      (loaded) => void (state = { loaded }),
      (failed: unknown) => void (state = { failed }),
    ));
  const Part = (props: P) => {
    if (!state) throw preload(); // suspends until it is in
    if ("failed" in state) throw state.failed; // for the ChunkFailureBoundary
    return <state.loaded {...props} />;
  };
  return Object.assign(Part, { preload });
}

/** While a job runs. */
export const JobProgress = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./JobProgress").then((m) => m.JobProgress),
);

/** After an action: its outcome, and the concealed-names notice. */
export const MessageArea = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./MessageArea").then((m) => m.MessageArea),
);

/** Once a report is picked. */
export const ParameterPicker = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./ParameterPicker").then((m) => m.ParameterPicker),
);

/** Once Keep history is switched on for an insert. */
export const InsertHistoryOptions = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./InsertHistoryOptions").then((m) => m.InsertHistoryOptions),
);

/** Once the workbook's report tables are listed. */
export const TableCard = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./TableCard").then((m) => m.TableCard),
);

/** Once Insert overview… is clicked. */
export const OverviewSetupPanel = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./OverviewSetupPanel").then((m) => m.OverviewSetupPanel),
);

/** In demo mode, once the pane is up. */
export const DemoBanner = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./DemoBanner").then((m) => m.DemoBanner),
);

/** When the pane cannot start. */
export const StartupFailure = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./StartupFailure").then((m) => m.StartupFailure),
);

/** Starts loading every part, so each shows at once when it is needed. */
export function preloadLaterParts(): void {
  for (const part of [
    JobProgress,
    MessageArea,
    ParameterPicker,
    InsertHistoryOptions,
    TableCard,
    OverviewSetupPanel,
    DemoBanner,
    StartupFailure,
  ])
    void part.preload();
}

interface BoundaryState {
  caught: { error: unknown } | null;
}

/**
 * In place of its children, says that part of the add-in did not load when a lazy part's chunk fails
 * (React would otherwise blank the whole pane). Other errors pass on.
 */
export class ChunkFailureBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { caught: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { caught: { error } };
  }

  override render() {
    const { caught } = this.state;
    if (!caught) return this.props.children;
    if (!(caught.error instanceof ChunkNotLoadedError)) throw caught.error;
    return (
      <div role="alert">
        <Text as="p" weight="semibold">
          {CHUNK_NOT_LOADED.title}
        </Text>
        <Text as="p">{CHUNK_NOT_LOADED.message}</Text>
      </div>
    );
  }
}
