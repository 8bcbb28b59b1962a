/**
 * The colour difference the presence palette is chosen by (shared/colorDifference.ts),
 * against the published test data for CIEDE2000: Sharma, Wu & Dalal, "The CIEDE2000
 * Color-Difference Formula: Implementation Notes, Supplementary Test Data, and Mathematical
 * Observations" (Color Research & Application 30, 2005), Table 1, all 34 pairs. The pairs
 * are built to catch the hue-mean, arc-crossing and rotation-term mistakes a plausible
 * implementation makes. And the sRGB → CIELAB conversion and WCAG contrast at known points.
 */
import { describe, expect, it } from 'vitest';
import { deltaE2000, hexToLab, type Lab } from '../../shared/colorDifference.js';
import { contrastRatio, relativeLuminance } from '../../shared/contrast.js';

type Row = [number, number, number, number, number, number, number];

// L1, a1, b1, L2, a2, b2, ΔE00
const SHARMA_TABLE_1: Row[] = [
  [50.0, 2.6772, -79.7751, 50.0, 0.0, -82.7485, 2.0425],
  [50.0, 3.1571, -77.2803, 50.0, 0.0, -82.7485, 2.8615],
  [50.0, 2.8361, -74.02, 50.0, 0.0, -82.7485, 3.4412],
  [50.0, -1.3802, -84.2814, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -1.1848, -84.8006, 50.0, 0.0, -82.7485, 1.0],
  [50.0, -0.9009, -85.5211, 50.0, 0.0, -82.7485, 1.0],
  [50.0, 0.0, 0.0, 50.0, -1.0, 2.0, 2.3669],
  [50.0, -1.0, 2.0, 50.0, 0.0, 0.0, 2.3669],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0009, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.001, 7.1792],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0011, 7.2195],
  [50.0, 2.49, -0.001, 50.0, -2.49, 0.0012, 7.2195],
  [50.0, -0.001, 2.49, 50.0, 0.0009, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.001, -2.49, 4.8045],
  [50.0, -0.001, 2.49, 50.0, 0.0011, -2.49, 4.7461],
  [50.0, 2.5, 0.0, 50.0, 0.0, -2.5, 4.3065],
  [50.0, 2.5, 0.0, 73.0, 25.0, -18.0, 27.1492],
  [50.0, 2.5, 0.0, 61.0, -5.0, 29.0, 22.8977],
  [50.0, 2.5, 0.0, 56.0, -27.0, -3.0, 31.903],
  [50.0, 2.5, 0.0, 58.0, 24.0, 15.0, 19.4535],
  [50.0, 2.5, 0.0, 50.0, 3.1736, 0.5854, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2972, 0.0, 1.0],
  [50.0, 2.5, 0.0, 50.0, 1.8634, 0.5757, 1.0],
  [50.0, 2.5, 0.0, 50.0, 3.2592, 0.335, 1.0],
  [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
  [63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.263],
  [61.2901, 3.7196, -5.3901, 61.4292, 2.248, -4.962, 1.8731],
  [35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645],
  [22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373],
  [36.4612, 47.858, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146],
  [90.8027, -2.0831, 1.441, 91.1528, -1.6435, 0.0447, 1.4441],
  [90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381],
  [6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377],
  [2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082],
];

describe('CIEDE2000', () => {
  it('gives the published ΔE00 for every pair of Sharma, Wu & Dalal’s test data, in both orders', () => {
    for (const [index, [l1, a1, b1, l2, a2, b2, expected]] of SHARMA_TABLE_1.entries()) {
      const first: Lab = { l: l1, a: a1, b: b1 };
      const second: Lab = { l: l2, a: a2, b: b2 };
      // The paper prints four decimals.
      expect(Math.abs(deltaE2000(first, second) - expected), `pair ${index + 1}`).toBeLessThan(5e-5);
      expect(Math.abs(deltaE2000(second, first) - expected), `pair ${index + 1} reversed`).toBeLessThan(5e-5);
    }
  });

  it('is zero for a colour and itself', () => {
    expect(deltaE2000({ l: 37, a: 12, b: -5 }, { l: 37, a: 12, b: -5 })).toBe(0);
  });
});

describe('sRGB to CIELAB and WCAG contrast', () => {
  it('puts white, black and the primaries where CIELAB (D65) has them', () => {
    const near = (lab: Lab, l: number, a: number, b: number) => {
      expect(lab.l).toBeCloseTo(l, 1);
      expect(lab.a).toBeCloseTo(a, 1);
      expect(lab.b).toBeCloseTo(b, 1);
    };
    near(hexToLab('#ffffff'), 100, 0, 0);
    near(hexToLab('#000000'), 0, 0, 0);
    near(hexToLab('#ff0000'), 53.24, 80.09, 67.2);
    near(hexToLab('#00ff00'), 87.73, -86.18, 83.18);
    near(hexToLab('#0000ff'), 32.3, 79.19, -107.86);
  });

  it('gives the WCAG contrast ratios everyone quotes', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 6);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // #767676 is the lightest grey that reads at 4.5:1 on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('refuses what is not a #rrggbb colour', () => {
    expect(() => hexToLab('red')).toThrow(/#rrggbb/);
  });
});
