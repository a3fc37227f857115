/**
 * The report catalog for the pane's form. It comes in the "workbook" chunk with the pipeline, which
 * reads it too. The pane starts loading it before its first render, which then usually has it; if not,
 * the Report combobox is disabled for the moment the chunk takes to arrive.
 */
import { useEffect, useState } from "react";
import { loadChunk } from "./chunks";

export type Catalog = typeof import("../reports");

/** The catalog once loaded, for the first render of the form. */
let loaded: Catalog | undefined;

export function loadCatalog(): Promise<Catalog> {
  return loadChunk(() => import(/* webpackChunkName: "workbook" */ "../reports")).then(
    (catalog) => (loaded = catalog),
  );
}

/** The catalog once its chunk is in, undefined until then. A failed load goes to the ChunkFailureBoundary. */
export function useCatalog(): Catalog | undefined {
  const [catalog, setCatalog] = useState(loaded);
  useEffect(() => {
    if (catalog) return;
    let mounted = true;
    loadCatalog().then(
      (arrived) => mounted && setCatalog(arrived),
      (error: unknown) =>
        mounted &&
        setCatalog(() => {
          throw error; // thrown while rendering, where the boundary catches it
        }),
    );
    return () => {
      mounted = false;
    };
  }, [catalog]);
  return catalog;
}
