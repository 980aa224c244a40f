import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

# The platform's canary analysis and alerts query exactly these names and labels
# (contract/service-metrics.ts in the platform repository). prometheus_client adds `_total` to counters.
REQUESTS = Counter("http_requests", "HTTP requests handled", ["method", "code"])
DURATION = Histogram("http_request_duration_seconds", "HTTP request duration in seconds", ["method", "code"])


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/metrics":
            self._send(200, generate_latest(), CONTENT_TYPE_LATEST)
            return
        if self.path == "/healthz":
            # Probes are not traffic: left out of the request metrics so they never dilute the error rate.
            self._send(200, b"ok", "text/plain")
            return
        start = time.perf_counter()
        self._send(200, json.dumps({"service": "${{ values.name }}"}).encode(), "application/json")
        REQUESTS.labels("GET", "200").inc()
        DURATION.labels("GET", "200").observe(time.perf_counter() - start)

    def _send(self, code, body, content_type):
        self.send_response(code)
        self.send_header("content-type", content_type)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    HTTPServer(("", int(os.environ.get("PORT", "${{ values.port }}"))), Handler).serve_forever()
