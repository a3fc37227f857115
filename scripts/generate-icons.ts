/**
 * Draws the add-in icons (assets/icon-{16,32,64,80,128}.png) and the "Refresh all" ribbon button's
 * icons (assets/refresh-{16,32,80}.png) with pngjs.
 *
 * Both share a green rounded square with a top-to-bottom gradient. The add-in glyph is a white table
 * card whose three columns carry rising bars, so it reads as "table + bar chart". The refresh glyph
 * is a white open ring (~300°) that ends at 12 o'clock in an arrowhead pointing clockwise, like
 * Office's Refresh All. Geometry is snapped to whole pixels per size (crisp at 16 px) and every pixel
 * is supersampled 8×8 for smooth curves at the larger sizes.
 *
 * The PNGs are committed; run `npx tsx scripts/generate-icons.ts` only to change the design.
 */
import fs from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;
/** Sizes of the "Refresh all" ribbon button icon (assets/refresh-<size>.png). */
export const REFRESH_SIZES = [16, 32, 80] as const;

type Rgba = readonly [number, number, number, number];

interface Layer {
  /** true when the sample point (in pixel units) is inside the shape */
  covers(x: number, y: number): boolean;
  /** colour at the sample point (lets the background carry a gradient) */
  colour(x: number, y: number): Rgba;
}

const hex = (value: string, alpha = 255): Rgba => {
  const n = Number.parseInt(value.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
};

const GREEN_TOP = hex("#21a366");
const GREEN_BOTTOM = hex("#0e6b3a");
const BAR = hex("#107c41");
const CARD = hex("#ffffff");
const HEADER = hex("#9fd9b6");
const GRID = hex("#cfe6d8");
const ARROW = hex("#ffffff");

function roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number) {
  return (x: number, y: number): boolean => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
    const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
  };
}

const solid = (colour: Rgba) => (): Rgba => colour;

/** The shared background: rounded square with a top-to-bottom green gradient. */
function background(s: number): Layer {
  const bgRadius = s * 0.2;
  return {
    covers: roundedRect(0, 0, s, s, bgRadius),
    colour: (_x, y) => {
      const t = Math.min(Math.max(y / s, 0), 1);
      const mix = (i: number) => Math.round(GREEN_TOP[i]! * (1 - t) + GREEN_BOTTOM[i]! * t);
      return [mix(0), mix(1), mix(2), 255];
    },
  };
}

/** Builds the layers (bottom first) for one icon size. */
export function iconLayers(size: number): Layer[] {
  const s = size;
  const layers: Layer[] = [];

  layers.push(background(s));

  // Table card: three equal columns, snapped to whole pixels.
  const colWidth = Math.round(s * 0.25);
  const cardWidth = colWidth * 3;
  const left = Math.floor((s - cardWidth) / 2);
  const right = left + cardWidth;
  const top = left;
  const bottom = s - left;
  const cardRadius = Math.max(0.6, s * 0.05);
  layers.push({ covers: roundedRect(left, top, right, bottom, cardRadius), colour: solid(CARD) });

  // Header row.
  const headerHeight = Math.max(2, Math.round(s * 0.15));
  const headerShape = roundedRect(left, top, right, top + headerHeight + cardRadius, cardRadius);
  layers.push({ covers: (x, y) => y <= top + headerHeight && headerShape(x, y), colour: solid(HEADER) });

  const bodyTop = top + headerHeight;
  const bodyHeight = bottom - bodyTop;

  // Grid lines only where there is room for them to read as lines.
  if (s >= 32) {
    const line = Math.max(1, Math.round(s / 40));
    for (const c of [1, 2]) {
      const x = left + c * colWidth - Math.floor(line / 2);
      layers.push({
        covers: (px, py) => px >= x && px < x + line && py >= top && py <= bottom,
        colour: solid(GRID),
      });
    }
    for (const r of [1, 2]) {
      const y = Math.round(bodyTop + (r * bodyHeight) / 3) - Math.floor(line / 2);
      layers.push({
        covers: (px, py) => py >= y && py < y + line && px >= left && px <= right,
        colour: solid(GRID),
      });
    }
  }

  // Rising bars, one per column.
  const pad = Math.max(1, Math.round(colWidth * 0.22));
  const barBase = bottom - pad;
  const available = barBase - bodyTop - (s >= 32 ? pad : 1);
  const barRadius = s >= 64 ? s * 0.015 : 0;
  [0.42, 0.68, 1].forEach((fraction, c) => {
    const x0 = left + c * colWidth + pad;
    const x1 = left + (c + 1) * colWidth - pad;
    const y0 = barBase - Math.max(2, Math.round(available * fraction));
    layers.push({ covers: roundedRect(x0, y0, x1, barBase + barRadius, barRadius), colour: solid(BAR) });
  });

  return layers;
}

/**
 * Geometry of the refresh ring for one size, in pixels. The centre sits on a pixel corner and the
 * radii are whole numbers, so the ring's top, bottom, left and right edges and the arrowhead's base
 * (the vertical line x = centre) fall on pixel boundaries.
 */
export function refreshGeometry(size: number) {
  const s = size;
  const centre = s / 2;
  // Never thinner than 2 px, so at 16 px the ring is relatively thicker and still reads.
  const stroke = Math.max(2, Math.round(s * 0.09));
  const outer = Math.round(s * 0.35);
  const inner = outer - stroke;
  // The arrowhead's base reaches `flare` whole pixels beyond the ring on both sides.
  const flare = Math.max(1, Math.round(stroke * 0.7));
  const halfHead = stroke / 2 + flare;
  const tipLength = Math.max(3, Math.round(halfHead * 1.15));
  // The ring runs clockwise from its tail, tailDeg above 3 o'clock, round to 12 o'clock (300°); at
  // 16 px the tail drops to 15° (285°) so the gap beside the arrowhead stays at least a pixel wide.
  const tailDeg = s <= 16 ? 15 : 30;
  return { centre, stroke, outer, inner, flare, halfHead, tipLength, tailDeg };
}

/** true when (x, y) is inside the triangle a–b–c (either winding). */
function inTriangle(
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
  [cx, cy]: readonly [number, number],
) {
  return (x: number, y: number): boolean => {
    const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
    const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
    const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
    const hasNeg = d1 < 0 || d2 < 0 || d3 < 0;
    const hasPos = d1 > 0 || d2 > 0 || d3 > 0;
    return !(hasNeg && hasPos);
  };
}

/** Builds the layers (bottom first) for one size of the "Refresh all" icon. */
export function refreshLayers(size: number): Layer[] {
  const { centre, outer, inner, flare, tipLength, tailDeg } = refreshGeometry(size);
  const gapStart = -Math.PI / 2; // 12 o'clock (angles grow clockwise on screen, y pointing down)
  const gapEnd = (-tailDeg * Math.PI) / 180;

  const ring = (x: number, y: number): boolean => {
    const dx = x - centre;
    const dy = y - centre;
    const r2 = dx * dx + dy * dy;
    if (r2 < inner * inner || r2 > outer * outer) return false;
    const angle = Math.atan2(dy, dx);
    return !(angle > gapStart && angle < gapEnd);
  };

  // Arrowhead at the 12 o'clock end: base on x = centre, spanning the ring plus `flare` either side,
  // pointing right (clockwise) into the gap.
  const midY = centre - (outer + inner) / 2;
  const head = inTriangle(
    [centre, centre - outer - flare],
    [centre, centre - inner + flare],
    [centre + tipLength, midY],
  );

  return [background(size), { covers: ring, colour: solid(ARROW) }, { covers: head, colour: solid(ARROW) }];
}

/** Renders one add-in icon. */
export function renderIcon(size: number): PNG {
  return rasterize(size, iconLayers(size));
}

/** Renders one "Refresh all" icon. */
export function renderRefreshIcon(size: number): PNG {
  return rasterize(size, refreshLayers(size));
}

/** Rasterizes layers: each pixel is the average of 8×8 samples of the topmost covering layer. */
function rasterize(size: number, layers: Layer[]): PNG {
  const png = new PNG({ width: size, height: size });
  const ss = 8;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = px + (sx + 0.5) / ss;
          const y = py + (sy + 0.5) / ss;
          for (let i = layers.length - 1; i >= 0; i--) {
            const layer = layers[i]!;
            if (layer.covers(x, y)) {
              const [cr, cg, cb, ca] = layer.colour(x, y);
              r += cr * ca;
              g += cg * ca;
              b += cb * ca;
              a += ca;
              break;
            }
          }
        }
      }
      const idx = (py * size + px) * 4;
      const n = ss * ss;
      png.data[idx] = a ? Math.round(r / a) : 0;
      png.data[idx + 1] = a ? Math.round(g / a) : 0;
      png.data[idx + 2] = a ? Math.round(b / a) : 0;
      png.data[idx + 3] = Math.round(a / n);
    }
  }
  return png;
}

/** Writes every icon (add-in and "Refresh all") into outDir; returns the files written. */
export function writeIcons(outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const write = (name: string, png: PNG) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, PNG.sync.write(png));
    return file;
  };
  return [
    ...ICON_SIZES.map((size) => write(`icon-${size}.png`, renderIcon(size))),
    ...REFRESH_SIZES.map((size) => write(`refresh-${size}.png`, renderRefreshIcon(size))),
  ];
}

if (require.main === module) {
  const outDir = path.resolve(__dirname, "..", "assets");
  for (const file of writeIcons(outDir)) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
