#!/usr/bin/env bash
# Regenerates camel-stripe-sync/src/main/resources/io/stripesync/camel/catalog/stripe-catalog.json from stripe-java.
# Reads facts only: service classes (paths and HTTP methods via javap), list param classes, EventDataClassLookup,
# WebhookEndpointCreateParams.EnabledEvent, and the event types of Stripe's 2022-04 OpenAPI spec (test resources). Needs the stripe-java and gson jars in ~/.m2 (any build resolves them).
# Review the diff; StripeCatalogTest checks the result.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="${STRIPE_JAVA_VERSION:-33.3.0}"
jar="$HOME/.m2/repository/com/stripe/stripe-java/$version/stripe-java-$version.jar"
gson="$(ls "$HOME"/.m2/repository/com/google/code/gson/gson/2.10.1/gson-2.10.1.jar)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/Dump.java" "$here/Fields.java" "$here/gen.py" "$work/"
cp "$root/camel-stripe-sync/src/test/resources/reference/stripe-api-2022-04.json" "$work/reference.json"
cd "$work"
javac -cp "$jar:$gson" Dump.java Fields.java
java -cp "$jar:$gson:." Dump > dump.txt
grep "^SVC" dump.txt | grep -v "model=null" | awk '{print $3}' > svcs.txt
for c in $(cat svcs.txt); do
  echo "CLASS $c"
  javap -c -p -cp "$jar" "$c" | grep -E "^  public |ldc.*String /v1|RequestMethod\.(GET|POST|DELETE)"
done > raw.txt
grep -oE "com\.stripe\.param\.[A-Za-z.]*ListParams" raw.txt | sort -u | java -cp "$jar:$gson:." Fields > created.txt
python3 gen.py > /dev/null
cp stripe-catalog.json "$root/camel-stripe-sync/src/main/resources/io/stripesync/camel/catalog/stripe-catalog.json"
echo "catalog written; review with: git diff --stat"
