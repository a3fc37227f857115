import { chooseEncoding } from "../../../src/relay/compression";

describe("content negotiation", () => {
  it.each([
    ["gzip, deflate, br, zstd", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip;q=0.5", "gzip"],
    ["identity", undefined],
    ["*", "br"],
    ["*, br;q=0", "gzip"],
    ["gzip;q=0, br;q=0", undefined],
    ["", undefined],
  ])("Accept-Encoding %j → %s", (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
  it("sends identity without the header", () => expect(chooseEncoding(null)).toBeUndefined());
});
