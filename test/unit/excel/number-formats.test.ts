import { NUMBER_FORMATS } from "../../../src/excel/number-formats";

it("every numeric column type writes thousands separators the same way", () => {
  expect(NUMBER_FORMATS.integer).toBe(NUMBER_FORMATS.bytes);
  expect(NUMBER_FORMATS.integer).toBe("#,##0");
});
