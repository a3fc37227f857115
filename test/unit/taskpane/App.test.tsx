import { renderToString } from "react-dom/server";
import { App } from "../../../src/taskpane/App";

test("renders the product name inside a FluentProvider", () => {
  const html = renderToString(<App themeKind="light" host={"Excel" as unknown as Office.HostType} />);
  expect(html).toContain("Usage Reports");
  expect(html).toContain("fui-FluentProvider");
  expect(html).not.toContain("Preview");
});

test("says when it is only a preview outside Excel", () => {
  expect(renderToString(<App themeKind="dark" host={null} />)).toContain(
    "Preview: not running inside Excel.",
  );
});
