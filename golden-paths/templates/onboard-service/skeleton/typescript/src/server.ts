import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? ${{ values.port }});

createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200).end('ok');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: '${{ values.name }}' }));
}).listen(port, () => console.log(`${{ values.name }} listening on ${port}`));
