/** The preview page's query parameters (test/emulator/preview/params.ts). */
import { parsePreviewParams } from "../../emulator/preview/params";

describe("preview: query parameters", () => {
  it("defaults to Excel on the web, no latency, the light theme", () => {
    expect(parsePreviewParams("")).toEqual({ host: "web", latencyMs: 0, theme: "light" });
  });

  it("reads host, latency and theme", () => {
    expect(parsePreviewParams("?host=excel2019&latency=150&theme=dark")).toEqual({
      host: "excel2019",
      latencyMs: 150,
      theme: "dark",
    });
  });

  it.each([
    ["?host=mac", "?host=mac is not a simulated host; use one of web, desktop, excel2019, excel2016."],
    ["?latency=-1", "?latency=-1 must be a number of milliseconds ≥ 0."],
    ["?latency=", "?latency= must be a number of milliseconds ≥ 0."],
    ["?latency=fast", "?latency=fast must be a number of milliseconds ≥ 0."],
    ["?theme=blue", "?theme=blue must be light or dark."],
  ])("%s is refused with a message naming what is accepted", (search, message) => {
    expect(() => parsePreviewParams(search)).toThrow(message);
  });
});
