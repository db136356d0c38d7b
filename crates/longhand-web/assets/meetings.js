// The Meetings page's two charts, drawn with the vendored uPlot. The data arrives in data-
// attributes (the page's CSP allows no inline script); without JavaScript the tables carry
// the same figures.
(() => {
  'use strict';
  const ink = '#55605a';
  const grid = '#efece3';
  const meetingColour = '#a2561b';
  const deepColour = '#1f4d3f';

  const axis = (extra) => Object.assign({ stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } }, extra);

  function weekly(el) {
    const d = JSON.parse(el.dataset.weeks);
    if (!d.starts.length) {
      el.textContent = 'No whole weeks in this window.';
      return;
    }
    const opts = {
      width: el.clientWidth,
      height: 260,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(2, Math.ceil(max * 1.15))] } },
      axes: [axis({}), axis({ label: 'hours per person', size: 56, labelSize: 18 })],
      series: [
        { label: 'Week of', value: (u, v) => (v == null ? '' : new Date(v * 1000).toISOString().slice(0, 10)) },
        { label: 'In meetings', stroke: meetingColour, width: 2, fill: 'rgba(162, 86, 27, .10)', points: { size: 6 }, value: (u, v) => (v == null ? '' : `${v.toFixed(1)} h`) },
        { label: 'Deep work', stroke: deepColour, width: 2, points: { size: 6 }, value: (u, v) => (v == null ? '' : `${v.toFixed(1)} h`) },
      ],
    };
    return new uPlot(opts, [d.starts, d.meeting, d.deep], el);
  }

  // Conveyance on the left, convergence on the right; weak relationships below, strong above.
  // Relationship meetings (strong by purpose) sit on the divide. Within a quadrant the
  // bubbles are spread evenly, the biggest first, so none hides another.
  const STRONG = 0.5;
  const side = (s) => (s.purpose === 'update' ? 0 : s.purpose === 'relationship' ? 1 : 2);
  const cells = { 0: [0.08, 0.9], 1: [0.84, 1.16], 2: [1.1, 1.92] };
  function layout(series, biggest) {
    const groups = new Map();
    for (const s of series) {
      const key = `${side(s)}-${s.relationship}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(s);
    }
    const out = [];
    for (const [key, list] of groups) {
      const [x0, x1] = cells[key.split('-')[0]];
      const strong = key.endsWith('strong');
      list.sort((a, b) => b.person_hours - a.person_hours);
      list.forEach((s, i) => {
        const x = x0 + ((i + 1) / (list.length + 1)) * (x1 - x0);
        const lane = list.length > 1 ? (i % 2 ? 0.1 : -0.1) : 0;
        const y = (strong ? 0.75 : 0.25) + lane;
        out.push({ s, x, y, r: 7 + 22 * Math.sqrt(s.person_hours / biggest) });
      });
    }
    return out;
  }
  const colours = { update: '#a2561b', decision: '#1f4d3f', 'work session': '#6b4fbb', relationship: '#2f6f9f' };

  function quadrants(el) {
    const series = JSON.parse(el.dataset.series);
    if (!series.length) {
      el.textContent = 'No recurring meetings to place.';
      return;
    }
    const biggest = Math.max(...series.map((s) => s.person_hours), 1);
    const bubbles = layout(series, biggest);
    const tip = document.createElement('div');
    tip.className = 'chart-tip';
    tip.hidden = true;
    el.appendChild(tip);
    const draw = (u) => {
      const ctx = u.ctx;
      const px = (x) => u.valToPos(x, 'x', true);
      const py = (y) => u.valToPos(y, 'y', true);
      const dpr = devicePixelRatio || 1;
      ctx.save();
      ctx.strokeStyle = '#cfcabb';
      ctx.setLineDash([4 * dpr, 4 * dpr]);
      ctx.beginPath();
      ctx.moveTo(px(1), py(0));
      ctx.lineTo(px(1), py(1));
      ctx.moveTo(px(0), py(STRONG));
      ctx.lineTo(px(2), py(STRONG));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#8a938d';
      ctx.font = `${11 * dpr}px system-ui, sans-serif`;
      ctx.textAlign = 'left';
      ctx.fillText('replace with writing', px(0.04), py(0.94));
      ctx.fillText('keep short for now', px(0.04), py(0.06));
      ctx.textAlign = 'right';
      ctx.fillText('inputs async, meet last', px(1.96), py(0.94));
      ctx.fillText('keep the meeting', px(1.96), py(0.06));
      for (const b of bubbles) {
        ctx.beginPath();
        ctx.arc(px(b.x), py(b.y), b.r * dpr, 0, 2 * Math.PI);
        ctx.fillStyle = (colours[b.s.purpose] || deepColour) + 'b3';
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 1.5 * dpr;
        ctx.stroke();
        ctx.fillStyle = '#ffffff';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.font = `600 ${11 * dpr}px system-ui, sans-serif`;
        ctx.fillText(String(b.s.rank), px(b.x), py(b.y));
      }
      ctx.restore();
    };
    const hover = (u) => {
      const { left, top } = u.cursor;
      const hit = left == null ? null : bubbles.find((b) => Math.hypot(u.valToPos(b.x, 'x') - left, u.valToPos(b.y, 'y') - top) <= b.r);
      if (!hit) {
        tip.hidden = true;
        return;
      }
      tip.hidden = false;
      tip.textContent = `${hit.s.rank}. ${hit.s.title} — ${hit.s.purpose}, ${hit.s.person_hours.toFixed(1)} person-h / month: ${hit.s.recommendation}`;
      tip.style.left = `${u.over.offsetLeft + left + 12}px`;
      tip.style.top = `${u.over.offsetTop + top + 12}px`;
    };
    const ticks = (labels) => (u, splits) => splits.map((v) => labels[v] || '');
    const opts = {
      width: el.clientWidth,
      height: 260,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false }, x: false, y: false },
      scales: { x: { time: false, range: [0, 2] }, y: { range: [0, 1] } },
      axes: [
        axis({ splits: () => [0.5, 1.5], values: ticks({ 0.5: 'conveyance', 1.5: 'convergence' }), grid: { show: false } }),
        axis({ splits: () => [0.25, 0.75], values: ticks({ 0.25: 'weak', 0.75: 'strong' }), grid: { show: false }, label: 'relationship', size: 56, labelSize: 18 }),
      ],
      series: [{}, { paths: () => null, points: { show: false } }],
      hooks: { draw: [draw], setCursor: [hover] },
    };
    return new uPlot(opts, [[0, 2], [null, null]], el);
  }

  const charts = [];
  const weeklyEl = document.getElementById('weekly-chart');
  const quadrantEl = document.getElementById('quadrant-chart');
  if (!window.uPlot) return;
  if (weeklyEl) charts.push([weeklyEl, weekly(weeklyEl)]);
  if (quadrantEl) charts.push([quadrantEl, quadrants(quadrantEl)]);
  window.addEventListener('resize', () => {
    for (const [el, chart] of charts) if (chart) chart.setSize({ width: el.clientWidth, height: 260 });
  });
})();
