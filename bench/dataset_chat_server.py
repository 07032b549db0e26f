#!/usr/bin/env python3
"""A chat-completions endpoint that answers a dataset's held-out questions, for bench/eval-figures.sh.

Usage: dataset_chat_server.py PORT DATASET MODE
MODE "right" answers each question (the last user message of an sft/, history/, exec/ or raft/ test row, or a FIM
request) with the row's own reference answer; "wrong" answers it with a different reference of the same
task (a fluent answer to another question). Any other request gets an empty answer.
GET /v1/models lists one model.
"""
import glob
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, DATASET, MODE = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ANSWERS = {}
BY_TASK = {}
for folder in ("sft", "history", "exec", "raft"):
    for path in sorted(glob.glob(f"{DATASET}/{folder}/test-*.jsonl")):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            msgs = row["messages"]
            user = [m["content"] for m in msgs if m["role"] == "user"][-1]
            ANSWERS[user] = (row["meta"]["task"], msgs[-1]["content"])
            # "wrong" answers with another row's reference of the same task and another answer (history
            # rows of one commit share theirs, so the next row's would often be the same text)
            BY_TASK.setdefault(row["meta"]["task"], []).append(msgs[-1]["content"])
FIM = []
for path in sorted(glob.glob(f"{DATASET}/fim/test-*.jsonl")):
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        FIM.append(("<prefix>\n" + row["prefix"] + "</prefix>", "<suffix>\n" + row["suffix"] + "</suffix>", row["middle"]))


def answer(user):
    if user in ANSWERS:
        task, ref = ANSWERS[user]
        if MODE == "right":
            return ref
        others = [o for o in dict.fromkeys(BY_TASK[task]) if o != ref]
        return others[len(ref) % len(others)] if others else ""
    for i, (prefix, suffix, middle) in enumerate(FIM):
        if prefix in user and suffix in user:
            return middle if MODE == "right" else FIM[(i + 1) % len(FIM)][2]
    return ""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send({"object": "list", "data": [{"id": "fake-" + MODE}]})

    def do_POST(self):
        req = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        user = [m["content"] for m in req["messages"] if m["role"] == "user"][-1]
        self.send({"object": "chat.completion",
                   "choices": [{"message": {"role": "assistant", "content": answer(user)}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 100, "completion_tokens": 50}})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
