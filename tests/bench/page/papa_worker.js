// Papa Parse with plain JavaScript in a worker: the four aggregates over a ticket CSV.
importScripts('/npm/papaparse/papaparse.min.js');

self.onmessage = ev => {
  const file = ev.data.file;
  const t0 = performance.now();
  const byChannel = new Map();
  const frt = new Map();
  const heat = new Array(168).fill(0);
  let rows = 0, within24 = 0, idx = null;
  Papa.parse(file, {
    skipEmptyLines: true,
    chunkSize: 4 << 20,
    chunk: res => {
      let data = res.data;
      if (!idx) {
        const h = data[0];
        idx = { channel: h.indexOf('channel'), created: h.indexOf('created'), first: h.indexOf('first_response'), resolved: h.indexOf('resolved') };
        data = data.slice(1);
      }
      for (const r of data) {
        rows++;
        const ch = r[idx.channel];
        byChannel.set(ch, (byChannel.get(ch) || 0) + 1);
        const created = Date.parse(r[idx.created]);
        if (r[idx.first]) {
          let a = frt.get(ch);
          if (!a) frt.set(ch, a = []);
          a.push((Date.parse(r[idx.first]) - created) / 1000);
        }
        if (r[idx.resolved] && Date.parse(r[idx.resolved]) - created < 86400000) within24++;
        const d = new Date(created);
        heat[((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours()]++;
      }
    },
    complete: () => {
      const median = a => { a.sort((x, y) => x - y); const n = a.length; return n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2; };
      const medians = {};
      for (const [ch, a] of frt) medians[ch] = median(a);
      self.postMessage({ ms: performance.now() - t0, rows, agg: { count: Object.fromEntries(byChannel), frtMedian: medians, within24: within24 / rows, heat } });
    },
    error: e => self.postMessage({ error: String(e) }),
  });
};
