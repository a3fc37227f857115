/**
 * The parts of the pane the first paint does not show, loaded on first use with React.lazy: render
 * them inside a <Suspense> within a <ChunkFailureBoundary>. They are in the "workbook" chunk with the
 * pipeline and the report catalog they go with, which the pane starts loading at once, so they are
 * usually in memory before they show.
 */
import { Text } from "@fluentui/react-components";
import { Component, lazy, type ComponentType, type ReactNode } from "react";
import { CHUNK_NOT_LOADED, ChunkNotLoadedError, loadChunk } from "../chunks";

function lazyPart<P>(load: () => Promise<ComponentType<P>>) {
  return lazy(() => loadChunk(load).then((component) => ({ default: component })));
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

/** Once the workbook's report tables are listed. */
export const TableCard = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./TableCard").then((m) => m.TableCard),
);

/** In demo mode, once the pane is up. */
export const DemoBanner = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./DemoBanner").then((m) => m.DemoBanner),
);

/** When the pane cannot start. */
export const StartupFailure = lazyPart(() =>
  import(/* webpackChunkName: "workbook" */ "./StartupFailure").then((m) => m.StartupFailure),
);

/**
 * In place of its children, says that part of the add-in did not load when a lazy part's chunk fails
 * (React would otherwise blank the whole pane). Other errors pass on.
 */
interface BoundaryState {
  caught: { error: unknown } | null;
}

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
