// A loopback HTTP proxy that adds "Authorization: Bearer <token>" to every request and forwards it to one
// upstream MCP endpoint, streaming both ways (Server-Sent Events pass through as they arrive).
// Usage: node scripts/mcp-bearer-proxy.mjs --upstream URL < TOKEN_FILE
// The token is read from stdin (never from the command line or the environment, so no process listing shows
// it) and is never printed. Once listening, prints one line "listening http://127.0.0.1:PORT/mcp" to stdout.
// Every request path is forwarded to the upstream URL itself (its query string kept); the Host header is the
// upstream's; an Authorization header from the client is replaced. Exit codes: 2 bad usage or no token.
import http from 'node:http';
import https from 'node:https';

// Hop-by-hop headers (RFC 9110, section 7.6.1) are the connection's, not the message's: never forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer',
  'upgrade', 'proxy-authorization', 'proxy-authenticate']);

function refuse(message) {
  process.stderr.write(`mcp-bearer-proxy: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const at = args.indexOf('--upstream');
if (at < 0 || !args[at + 1] || args.length !== 2) {
  refuse('usage: node scripts/mcp-bearer-proxy.mjs --upstream URL < TOKEN_FILE');
}
let upstream;
try {
  upstream = new URL(args[at + 1]);
} catch {
  refuse(`--upstream is not a URL: '${args[at + 1]}'`);
}
if (upstream.protocol !== 'https:' && upstream.protocol !== 'http:') {
  refuse(`--upstream must be an http or https URL, not '${upstream.protocol}'`);
}

async function readToken() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8').trim();
}

const token = await readToken();
if (!token || /\s/.test(token)) {
  refuse('stdin held no access token (one line, no spaces)');
}
const client = upstream.protocol === 'https:' ? https : http;

const server = http.createServer((request, response) => {
  const headers = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HOP_BY_HOP.has(name) && name !== 'host' && name !== 'authorization') {
      headers[name] = value;
    }
  }
  headers.host = upstream.host;
  headers.authorization = `Bearer ${token}`;
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  const target = new URL(upstream.pathname + (query || upstream.search), upstream);
  const forwarded = client.request(target, { method: request.method, headers }, (answer) => {
    const back = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!HOP_BY_HOP.has(name)) {
        back[name] = value;
      }
    }
    response.writeHead(answer.statusCode, answer.statusMessage, back);
    response.flushHeaders();
    answer.pipe(response);
  });
  forwarded.on('error', (error) => {
    process.stderr.write(`mcp-bearer-proxy: ${request.method} to ${upstream.origin}${upstream.pathname} failed: `
      + `${error.code || error.message}\n`);
    if (!response.headersSent) {
      response.writeHead(502, { 'content-type': 'text/plain' });
    }
    response.end();
  });
  // A client that goes away (an SSE stream it closed) ends the upstream request too.
  response.on('close', () => forwarded.destroy());
  request.pipe(forwarded);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${server.address().port}/mcp\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
