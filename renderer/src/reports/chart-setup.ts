import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartOptions, type Plugin } from 'chart.js';

// Only what the bar charts draw, so the bundle carries no unused chart types.
Chart.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Paints the canvas white first, so an exported PNG is readable in any image viewer. */
export const whiteBackground: Plugin<'bar'> = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Shared look: whole-number axes, no animation (a report redraws on every filter change). */
export function barOptions(stacked = false): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom' } },
    scales: {
      x: { stacked },
      y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
    },
  };
}

export const COLORS = ['#1f6feb', '#2e7d32', '#b26a00', '#8e44ad', '#c62828', '#00838f'];
