// The live chart: candles (close at each minute's end) and predictions drawn at their target time, loaded over
// REST, then kept current from the WebSocket stream. After each render the page writes its state into <main>'s
// data-* attributes (candles, predictions, matched, mae, points, model-kind, model-version) so that a headless
// browser can read it. The serving model is the registry's champion; it is read again when a streamed prediction
// names another model.
(function () {
  'use strict';
  const HORIZON_MS = 5 * 60 * 1000;
  const HISTORY_MS = 2 * 60 * 60 * 1000;
  const main = document.getElementById('dashboard');
  const select = document.getElementById('pair');
  const params = new URLSearchParams(location.search);
  const candles = new Map();      // end (epoch ms) -> close (number)
  const predictions = new Map();  // target (epoch ms) -> predicted price (number)
  let chart = null;
  let socket = null;
  let servingVersion = null;
  const KIND_NAMES = { persistence: 'persistence baseline', linear: 'linear baseline', xgboost: 'XGBoost' };

  function iso(ms) { return new Date(ms).toISOString().replace('.000Z', 'Z'); }
  function two(n) { return String(n).padStart(2, '0'); }
  function tick(ms) { const d = new Date(ms); return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()); }
  function price(p) { return p === null || p === undefined ? '–' : Number(p).toLocaleString('en-US', { maximumFractionDigits: 2 }); }

  async function json(url) {
    const response = await fetch(url);
    if (response.status === 404) return null;
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(url + ': ' + response.status + ' ' + (body.error || ''));
    }
    return response.json();
  }

  function series(map) {
    return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([x, y]) => ({ x, y }));
  }

  /** MAE of the predictions whose target minute has closed (a candle ends at the target time). */
  function runningError() {
    let sum = 0, n = 0;
    for (const [target, predicted] of predictions) {
      const actual = candles.get(target);
      if (actual !== undefined) { sum += Math.abs(predicted - actual); n++; }
    }
    return { n, mae: n ? sum / n : null };
  }

  function render() {
    const data = { datasets: [
      { label: 'close', data: series(candles), borderColor: '#1f77b4', backgroundColor: '#1f77b4',
        pointRadius: 1.5, borderWidth: 1.5, tension: 0 },
      { label: 'predicted (at target time)', data: series(predictions), borderColor: '#ff7f0e',
        backgroundColor: '#ff7f0e', pointRadius: 2.5, showLine: false },
    ] };
    if (chart) {
      chart.data = data;
      chart.update('none');
    } else {
      chart = new Chart(document.getElementById('chart'), {
        type: 'line', data,
        options: {
          animation: false, parsing: false, normalized: true, maintainAspectRatio: false,
          interaction: { mode: 'nearest', intersect: false },
          scales: {
            x: { type: 'linear', ticks: { callback: tick, maxTicksLimit: 12 }, title: { display: true, text: 'UTC' } },
            y: { ticks: { callback: v => price(v) } },
          },
          plugins: { tooltip: { callbacks: { title: items => items.length ? iso(items[0].parsed.x) : '' } } },
        },
      });
    }
    const error = runningError();
    const points = chart.getDatasetMeta(0).data.length + chart.getDatasetMeta(1).data.length;
    const lastCandle = series(candles).pop();
    const lastPrediction = series(predictions).pop();
    document.getElementById('last-close').textContent = lastCandle ? price(lastCandle.y) + ' at ' + tick(lastCandle.x) : '–';
    document.getElementById('last-prediction').textContent =
      lastPrediction ? price(lastPrediction.y) + ' for ' + tick(lastPrediction.x) : '–';
    document.getElementById('mae').textContent = error.n ? price(error.mae) + ' over ' + error.n : '– (no target closed yet)';
    main.dataset.candles = candles.size;
    main.dataset.predictions = predictions.size;
    main.dataset.matched = error.n;
    main.dataset.mae = error.mae === null ? '' : error.mae.toFixed(6);
    main.dataset.points = points;
    main.dataset.state = 'rendered';
  }

  /** Which model serves the pair, and a plain word when it is the persistence baseline. */
  async function loadChampion(pair) {
    const champion = await json('/api/v1/models/' + pair + '/champion').catch(() => null);
    const model = document.getElementById('model');
    const note = document.getElementById('model-note');
    if (!champion) {
      model.textContent = '– (none yet)';
      note.textContent = 'no model yet: the persistence baseline serves once the pair has a feature row past its warm-up';
      servingVersion = null;
      main.dataset.modelKind = ''; main.dataset.modelVersion = '';
      return;
    }
    servingVersion = champion.version;
    model.textContent = (KIND_NAMES[champion.kind] || champion.kind) + ' ' + champion.version;
    model.title = champion.reason || '';
    note.textContent = champion.kind === 'persistence'
      ? 'serving the persistence baseline: no model has beaten it yet' : '';
    main.dataset.modelKind = champion.kind;
    main.dataset.modelVersion = champion.version;
  }

  function connect(pair) {
    if (socket) socket.close();
    const status = document.getElementById('connection');
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/stream?pair=' + pair;
    socket = new WebSocket(url);
    socket.onmessage = event => {
      const message = JSON.parse(event.data);
      if (message.type === 'subscribed') {
        status.textContent = 'live'; status.className = 'connection open'; main.dataset.stream = 'subscribed';
      } else if (message.type === 'dev.tickcast.candle.v1') {
        candles.set(Date.parse(message.data.end), Number(message.data.close)); render();
      } else if (message.type === 'dev.tickcast.prediction.v1') {
        predictions.set(Date.parse(message.data.targetTime), Number(message.data.predictedPrice)); render();
        if (message.data.modelVersion !== servingVersion) loadChampion(pair);
      }
    };
    socket.onclose = () => { status.textContent = 'disconnected'; status.className = 'connection'; };
  }

  async function load(pair) {
    candles.clear(); predictions.clear();
    main.dataset.state = 'loading';
    try {
      // a replayed past week ends long before now: the chart ends at the newest candle
      const latest = await json('/api/v1/candles/' + pair + '/latest');
      const end = latest ? Date.parse(latest.end) + 60 * 1000 : Date.now();
      const from = end - HISTORY_MS;
      const [past, made] = await Promise.all([
        json('/api/v1/candles/' + pair + '?from=' + iso(from) + '&to=' + iso(end)),
        json('/api/v1/predictions/' + pair + '?from=' + iso(from - HORIZON_MS) + '&to=' + iso(end) + '&limit=5000'),
      ]);
      for (const c of past || []) candles.set(Date.parse(c.end), Number(c.close));
      for (const p of made || []) predictions.set(Date.parse(p.targetTime), Number(p.predictedPrice));
      document.getElementById('message').textContent = '';
      await loadChampion(pair);
      render();
    } catch (e) {
      main.dataset.state = 'error';
      document.getElementById('message').textContent = e.message;
    }
    connect(pair);
  }

  async function start() {
    const status = await json('/api/v1/status');
    const pairs = status.pairs || ['BTC-USD'];
    const chosen = pairs.includes(params.get('pair')) ? params.get('pair') : pairs[0];
    for (const p of pairs) {
      const option = document.createElement('option');
      option.value = p; option.textContent = p.replace('-', '/'); option.selected = p === chosen;
      select.appendChild(option);
    }
    select.onchange = () => {
      window.history.replaceState(null, '', '?pair=' + select.value);
      load(select.value);
    };
    load(chosen);
  }

  start().catch(e => { main.dataset.state = 'error'; document.getElementById('message').textContent = e.message; });
})();
