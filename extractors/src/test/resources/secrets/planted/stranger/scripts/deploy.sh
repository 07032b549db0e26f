#!/usr/bin/env bash
# Pushes the release jar to Nexus and restarts staging.
# Questions: ask Marek (marek.kowalczyk@acme-corp.com) before running against prod!
set -euo pipefail

VERSION=${1:?usage: deploy.sh VERSION}
NEXUS=https://nexus.acme-corp.net/repository/releases

curl -fsS -u deployer:N3xusD3pl0y! --upload-file "target/orders-$VERSION.jar" \
  "$NEXUS/com/acme/orders/$VERSION/orders-$VERSION.jar"

# old Nexus 2 box still needs the header form
curl -fsS -H "Authorization: Basic ZGVwbG95ZXI6TjN4dXNEM3BsMHkh" "http://52.14.203.88:8081/service/local/status"

curl -fsS -H "X-Vault-Token: hvs.CAESIGp0yQ8xRkT3m2WvLbN7sD1fHqZ9cJ4aE6uP0oYiXgKhGh4KHGh2cy5mT1lBd2ZzQWd1WVV3bW9xR2ZrZkU3UjU" \
  https://vault.acme-corp.net:8200/v1/secret/data/orders

mysql -h 10.0.0.12 -u root -pR00tMysql2019 inventory < db/migrate.sql
ssh deploy@172.16.4.21 "sudo systemctl restart orders"
echo "deployed $VERSION"
