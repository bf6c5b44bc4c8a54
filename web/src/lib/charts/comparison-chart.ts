/**
 * Bar charts of a month beside the month before, with Chart.js. Loaded only by the monthly
 * summary (a dynamic import), so the map's first load never carries it; only the bar chart's
 * parts are registered, which keeps the chunk small.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend);

export interface ComparisonSeries {
  label: string;
  values: number[];
}

/** The two shades: solid dark for the month, light with hatching for the month before, so a
 *  black-and-white printout still tells them apart. */
const CURRENT = '#1b3a4b';
const PREVIOUS = '#c9d3d9';

function hatch(): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const g = tile.getContext('2d');
  if (!g) return PREVIOUS;
  g.fillStyle = PREVIOUS;
  g.fillRect(0, 0, 8, 8);
  g.strokeStyle = '#4a5a63';
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(0, 8);
  g.lineTo(8, 0);
  g.stroke();
  return g.createPattern(tile, 'repeat') ?? PREVIOUS;
}

/**
 * Draws the chart on the canvas; horizontal bars for long labels (wards, kinds). No animation:
 * a printout or a screenshot must never catch a bar half-grown.
 */
export function comparisonChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  current: ComparisonSeries,
  previous: ComparisonSeries,
  horizontal: boolean,
): Chart<'bar'> {
  // The page's own font: it has every Vietnamese letter, which Chart.js's default may lack.
  Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
  Chart.defaults.font.size = 12;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          label: current.label,
          data: current.values,
          backgroundColor: CURRENT,
          borderColor: '#000',
          borderWidth: 1,
        },
        {
          label: previous.label,
          data: previous.values,
          backgroundColor: hatch(),
          borderColor: '#4a5a63',
          borderWidth: 1,
        },
      ],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      color: '#222',
      scales: {
        [horizontal ? 'x' : 'y']: {
          beginAtZero: true,
          ticks: { precision: 0, color: '#222' },
          grid: { color: '#ddd' },
        },
        [horizontal ? 'y' : 'x']: {
          ticks: { color: '#222', autoSkip: false },
          grid: { display: false },
        },
      },
      plugins: { legend: { position: 'bottom', labels: { color: '#222' } } },
    },
  });
}
