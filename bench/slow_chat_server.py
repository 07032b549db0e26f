#!/usr/bin/env python3
"""A chat-completions endpoint that answers every request after a fixed delay, for bench/teacher-throughput.sh.

Usage: slow_chat_server.py PORT DELAY_SECONDS
It answers GET /v1/models and POST /v1/chat/completions with two question/answer pairs about the prompt's
symbol (cited in backticks, so they pass the grounding check), and prints nothing per request.
GET /stats gives the number of chat requests answered, the monotonic times of the first request's
arrival and the last reply, from which the benchmark computes requests per second, and each request's
(arrival, reply) times, from which it tells where slots stood idle.
"""
import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = float(sys.argv[2])
STATS = {"n": 0, "first": None, "last": None, "spans": []}
SYMBOL = re.compile(r"^Symbol: (.+) \([a-z_]+\)$", re.M)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, the body waits for the client's delayed ACK
    # (about 40 ms on Linux), which real servers (uvicorn, llama.cpp) do not do.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send_json(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.endswith("/stats"):
            self.send_json(STATS)
        else:
            self.send_json({"object": "list", "data": [{"id": "slow-model"}]})

    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        user = req["messages"][-1]["content"]
        m = SYMBOL.search(user)
        symbol = m.group(1) if m else "x"
        name = symbol.split("(")[0].split(".")[-1]
        start = time.monotonic()
        if STATS["first"] is None:
            STATS["first"] = start
        time.sleep(DELAY)
        content = json.dumps({"pairs": [
            {"question": f"What is `{name}` for?", "answer": f"`{name}` does what its body shows."},
            {"question": f"Who uses `{name}`?", "answer": f"The callers of `{name}` listed in the index."}]})
        self.send_json({"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 800, "completion_tokens": 60}})
        STATS["n"] += 1
        STATS["last"] = time.monotonic()
        STATS["spans"].append([start, STATS["last"]])


if __name__ == "__main__":
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
