import { createServer } from 'node:http';
import { Counter, Histogram, register } from 'prom-client';

const port = Number(process.env.PORT ?? ${{ values.port }});

// The platform's canary analysis and alerts query exactly these names and labels (contract/service-metrics.ts
// in the platform repository): keep them, or canaries stay inconclusive.
const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests handled', labelNames: ['method', 'code'] });
const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration in seconds', labelNames: ['method', 'code'] });

createServer((req, res) => {
  if (req.url === '/metrics') {
    register.metrics().then((text) => res.writeHead(200, { 'content-type': register.contentType }).end(text));
    return;
  }
  if (req.url === '/healthz') {
    // Probes are not traffic: left out of the request metrics so they never dilute the error rate.
    res.writeHead(200).end('ok');
    return;
  }
  const stop = duration.startTimer({ method: req.method ?? 'GET' });
  res.on('finish', () => {
    const code = String(res.statusCode);
    requests.inc({ method: req.method ?? 'GET', code });
    stop({ code });
  });
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: '${{ values.name }}' }));
}).listen(port, () => console.log(`${{ values.name }} listening on ${port}`));
