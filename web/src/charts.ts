import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

export interface ChartSpec {
  type: 'bar' | 'line';
  title: string;
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  stacked?: boolean;
}

// Distinguishable for common colour-vision deficiencies (Okabe–Ito).
const palette = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

export function draw(canvas: HTMLCanvasElement, spec: ChartSpec, locale: string): () => void {
  const chart = new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, index) => ({
        label: s.name,
        data: s.values,
        backgroundColor: palette[index % palette.length]!,
        borderColor: palette[index % palette.length]!,
      })),
    },
    options: {
      locale,
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { stacked: spec.stacked ?? false }, y: { stacked: spec.stacked ?? false, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: spec.series.length > 1 } },
    },
  });
  return () => chart.destroy();
}
