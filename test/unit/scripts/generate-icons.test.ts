import fs from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import {
  ICON_SIZES,
  REFRESH_SIZES,
  refreshGeometry,
  renderIcon,
  renderRefreshIcon,
} from "../../../scripts/generate-icons";

const assets = path.resolve(__dirname, "..", "..", "..", "assets");

type Pixel = [number, number, number, number];

function pixel(png: PNG, x: number, y: number): Pixel {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
}

const isWhite = ([r, g, b, a]: Pixel) => a === 255 && r >= 245 && g >= 245 && b >= 245;
/** At least half covered by white (the green background has red ≈ 14–33). */
const isMostlyWhite = ([r, g, b, a]: Pixel) => a === 255 && r >= 140 && g >= 180 && b >= 150;
/** Opaque and clearly green (the background), not white or half-covered by the ring. */
const isGreen = ([r, g, b, a]: Pixel) => a === 255 && g - r >= 50 && g > b && r < 100;

/** The pixel whose area holds the point at `radius` and `degrees` (clockwise from 3 o'clock). */
function pixelAt(png: PNG, centre: number, radius: number, degrees: number): Pixel {
  const rad = (degrees * Math.PI) / 180;
  const x = Math.floor(centre + radius * Math.cos(rad));
  const y = Math.floor(centre + radius * Math.sin(rad));
  return pixel(png, x, y);
}

describe("generate-icons: Refresh all icon", () => {
  it("is drawn at 16, 32 and 80 px", () => {
    expect([...REFRESH_SIZES]).toEqual([16, 32, 80]);
  });

  describe.each(REFRESH_SIZES.map((size) => [size]))("%i px", (size) => {
    const png = renderRefreshIcon(size);
    const { centre, inner, outer } = refreshGeometry(size);
    const mid = (inner + outer) / 2;

    it("has the requested dimensions", () => {
      expect(png.width).toBe(size);
      expect(png.height).toBe(size);
    });

    it("has transparent (rounded) corners", () => {
      for (const [x, y] of [
        [0, 0],
        [size - 1, 0],
        [0, size - 1],
        [size - 1, size - 1],
      ] as const) {
        // 16 px keeps a trace (4/255) of the rounded square in its corner pixels, as the add-in icon does.
        expect(pixel(png, x, y)[3]).toBeLessThan(8);
      }
    });

    it("draws a ring of roughly a third of the icon's width around an empty centre", () => {
      expect(mid / size).toBeGreaterThan(0.27);
      expect(mid / size).toBeLessThan(0.34);
      expect(outer - inner).toBeGreaterThanOrEqual(2);
      // The middle of the ring is white at 3, 6 and 9 o'clock and round the left half ...
      for (const degrees of [0, 45, 90, 135, 180, 225, 260]) {
        expect({ degrees, white: isWhite(pixelAt(png, centre, mid, degrees)) }).toEqual({
          degrees,
          white: true,
        });
      }
      // ... and green inside and just outside it (so it is a ring, not the white table card).
      for (const degrees of [0, 90, 180]) {
        expect(isGreen(pixelAt(png, centre, inner - 1.5, degrees))).toBe(true);
        expect(isGreen(pixelAt(png, centre, outer + 1, degrees))).toBe(true);
      }
      expect(isGreen(pixel(png, centre, centre))).toBe(true);
      expect(isGreen(pixel(png, centre - 1, centre - 1))).toBe(true);
    });

    it("leaves a gap at the top right, with an arrowhead at 12 o'clock pointing into it", () => {
      // the gap, between the arrowhead's tip and the tail of the ring
      expect(isGreen(pixelAt(png, centre, mid, -50))).toBe(true);
      // the ring reaches 12 o'clock ...
      expect(isWhite(pixel(png, centre - 1, Math.floor(centre - mid)))).toBe(true);
      // ... where the arrowhead starts: white just right of 12 o'clock, and wider than the ring (its
      // sloping edges cover at least half of the pixel above and below the ring at 16 px)
      expect(isWhite(pixel(png, centre, Math.floor(centre - mid)))).toBe(true);
      expect(isMostlyWhite(pixel(png, centre, centre - outer - 1))).toBe(true);
      expect(isMostlyWhite(pixel(png, centre, centre - inner))).toBe(true);
      // the arrowhead's tip is further right than the ring's own 12 o'clock end
      expect(isMostlyWhite(pixel(png, centre + 1, Math.floor(centre - mid)))).toBe(true);
    });

    it("is not the add-in (table) icon", () => {
      expect(Buffer.compare(png.data, renderIcon(size).data)).not.toBe(0);
    });
  });
});

describe("generate-icons: committed PNGs", () => {
  const cases = [
    ...ICON_SIZES.map((size) => [`icon-${size}.png`, size, renderIcon] as const),
    ...REFRESH_SIZES.map((size) => [`refresh-${size}.png`, size, renderRefreshIcon] as const),
  ];

  it.each(cases)("assets/%s equals a fresh render", (file, size, render) => {
    const committed = PNG.sync.read(fs.readFileSync(path.join(assets, file)));
    const fresh = render(size);
    expect([committed.width, committed.height]).toEqual([size, size]);
    // Compare decoded RGBA rather than file bytes, so a different zlib build cannot fail the test.
    expect(Buffer.compare(committed.data, fresh.data)).toBe(0);
  });
});
