/**
 * The bench's chart (`bench/results.svg`): per set, one bar per scenario for
 * pip-accel's time as a share of pip's (`--no-compile` where it was run), on
 * a log scale from 0.01 to 1, with the scenario's target marked. Plain SVG,
 * no dependencies.
 */
import type { Row, SetResult } from "./bench.js";

const WIDTH = 720;
const ROW = 22;
const LEFT = 170;
const PLOT = WIDTH - LEFT - 90;
const MIN = 0.01;

const x = (ratio: number): number => LEFT + (PLOT * (Math.log10(Math.max(ratio, MIN)) - Math.log10(MIN))) / -Math.log10(MIN);
const esc = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function renderChart(results: SetResult[], targets: Readonly<Record<Row["scenario"], number>>): string {
  const lines: string[] = [];
  let y = 40;
  for (const set of results) {
    lines.push(`<text x="8" y="${y}" font-weight="bold">${esc(set.label)} (${set.distributions} distributions)</text>`);
    y += 8;
    for (const row of set.rows) {
      const ratio = row.accel / (row.pipNoCompile ?? row.pip);
      const target = targets[row.scenario];
      const met = ratio <= target;
      lines.push(
        `<text x="24" y="${y + 15}">${esc(row.scenario)}</text>`,
        `<rect x="${LEFT}" y="${y + 4}" width="${(x(ratio) - LEFT).toFixed(1)}" height="${ROW - 8}" fill="${met ? "#2b8a3e" : "#c92a2a"}"/>`,
        `<line x1="${x(target).toFixed(1)}" x2="${x(target).toFixed(1)}" y1="${y + 1}" y2="${y + ROW - 1}" stroke="#000" stroke-dasharray="3,2"/>`,
        `<text x="${(x(ratio) + 4).toFixed(1)}" y="${y + 15}">${ratio.toFixed(3)}</text>`,
      );
      y += ROW;
    }
    y += 16;
  }
  const axis = [0.01, 0.03, 0.1, 0.3, 1].map((t) =>
    `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="26" y2="${y - 10}" stroke="#ddd"/><text x="${x(t).toFixed(1)}" y="${y + 4}" text-anchor="middle">${t}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y + 30}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="18">pip-accel time as a share of pip's (--no-compile; log scale; dashed: target; green met, red missed)</text>`,
    ...axis,
    ...lines,
    `</svg>`,
    "",
  ].join("\n");
}
