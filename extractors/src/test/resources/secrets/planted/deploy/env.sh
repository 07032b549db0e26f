#!/bin/sh
# Sourced by the deploy job.
export GITHUB_TOKEN=ghp_J8tpqXJQ4I9dOv8GZ4fKq1OKtbgZVaMWUFuX
export DB_PASSWORD='hunter2-but-longer'
STRIPE_SECRET_KEY=sk_live_pbqfi14ZgTsNOVM14tuoIZWD
export SESSION_SIGNING_KEY=Z7770h2dcPyGOJJhrG80usp2w5dFjxCAyIOk6CptT9IoQhob
export DB_USER=acme
