/**
 * How different two colours look: sRGB → CIELAB (D65) and the CIEDE2000 colour difference
 * (Sharma, Wu & Dalal 2005), the measure the presence palette is chosen by. A ΔE00 of about
 * 2 is a just-noticeable difference; 20 and more reads as another colour at a glance.
 */

/** A CIELAB colour (D65 white). */
export interface Lab {
  l: number;
  a: number;
  b: number;
}

/** An sRGB channel (0–255) as linear light (0–1). */
export function linearChannel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** The three channels of a `#rrggbb` colour, 0–255. */
export function hexChannels(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`expected a colour as #rrggbb, got ${JSON.stringify(hex)}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

// D65 reference white, XYZ scaled to Y = 1.
const WHITE_X = 0.95047;
const WHITE_Z = 1.08883;

/** CIELAB of a `#rrggbb` sRGB colour. */
export function hexToLab(hex: string): Lab {
  const [r, g, b] = hexChannels(hex).map(linearChannel) as [number, number, number];
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / WHITE_X;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / WHITE_Z;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return { l: 116 * f(y) - 16, a: 500 * (f(x) - f(y)), b: 200 * (f(y) - f(z)) };
}

const DEG = Math.PI / 180;

/** Hue angle in degrees, 0–360; 0 for a colour without chroma (as the formula's notes define it). */
function hueDegrees(b: number, a: number): number {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a) / DEG;
  return h < 0 ? h + 360 : h;
}

/** CIEDE2000 difference of two CIELAB colours (kL = kC = kH = 1). */
export function deltaE2000(first: Lab, second: Lab): number {
  const c1 = Math.hypot(first.a, first.b);
  const c2 = Math.hypot(second.a, second.b);
  const cMean7 = ((c1 + c2) / 2) ** 7;
  const g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + 25 ** 7)));
  const a1 = (1 + g) * first.a;
  const a2 = (1 + g) * second.a;
  const c1p = Math.hypot(a1, first.b);
  const c2p = Math.hypot(a2, second.b);
  const h1p = hueDegrees(first.b, a1);
  const h2p = hueDegrees(second.b, a2);

  const dL = second.l - first.l;
  const dC = c2p - c1p;
  let dh = 0;
  if (c1p * c2p !== 0) {
    dh = h2p - h1p;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin((dh / 2) * DEG);

  const lMean = (first.l + second.l) / 2;
  const cMeanP = (c1p + c2p) / 2;
  let hMean = h1p + h2p;
  if (c1p * c2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hMean /= 2;
    else hMean = h1p + h2p < 360 ? (hMean + 360) / 2 : (hMean - 360) / 2;
  }
  const t =
    1 -
    0.17 * Math.cos((hMean - 30) * DEG) +
    0.24 * Math.cos(2 * hMean * DEG) +
    0.32 * Math.cos((3 * hMean + 6) * DEG) -
    0.2 * Math.cos((4 * hMean - 63) * DEG);
  const dTheta = 30 * Math.exp(-(((hMean - 275) / 25) ** 2));
  const cMeanP7 = cMeanP ** 7;
  const rC = 2 * Math.sqrt(cMeanP7 / (cMeanP7 + 25 ** 7));
  const l50 = (lMean - 50) ** 2;
  const sL = 1 + (0.015 * l50) / Math.sqrt(20 + l50);
  const sC = 1 + 0.045 * cMeanP;
  const sH = 1 + 0.015 * cMeanP * t;
  const rT = -Math.sin(2 * dTheta * DEG) * rC;

  const lightness = dL / sL;
  const chroma = dC / sC;
  const hue = dH / sH;
  return Math.sqrt(lightness ** 2 + chroma ** 2 + hue ** 2 + rT * chroma * hue);
}

/** CIEDE2000 difference of two `#rrggbb` colours. */
export function colourDifference(first: string, second: string): number {
  return deltaE2000(hexToLab(first), hexToLab(second));
}
