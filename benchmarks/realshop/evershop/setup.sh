#!/usr/bin/env bash
# A real open-source React single-page store for the engine to meet: EverShop (@evershop/evershop
# from npm, React storefront, Express + GraphQL, PostgreSQL), in /tmp only (nothing of it lands in
# the repo).
#
#   bash benchmarks/realshop/evershop/setup.sh setup    # idempotent: Postgres cluster, npm install, install, build, seed
#   bash benchmarks/realshop/evershop/setup.sh start    # store on 127.0.0.1:$EVERSHOP_PORT (default 8103), PID in a file
#   bash benchmarks/realshop/evershop/setup.sh url      # the product page
#   bash benchmarks/realshop/evershop/setup.sh orders   # orders in EverShop's DB (count + the last one)
#   bash benchmarks/realshop/evershop/setup.sh reset    # delete every order and cart
#   bash benchmarks/realshop/evershop/setup.sh stop     # stop the store (and `stop-db` the Postgres cluster)
#
# Shop choices (see ../README.md): store currency GBP, shipping zones GB and US with "Standard
# Delivery" 5.00 and "Express Delivery" 15.00, one product "EverShop Test Mug" 24.00 with stock,
# guest checkout (EverShop's default), payment: EverShop's own Cash on Delivery (switched on).
set -euo pipefail

VERSION=${EVERSHOP_VERSION:-2.2.1}
BASE=${EVERSHOP_BASE:-/tmp/evershop}
APP=$BASE/app
PORT=${EVERSHOP_PORT:-8103}
PGPORT=${EVERSHOP_PGPORT:-5439}
PGDATA=$BASE/pg/data
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PIDFILE=$BASE/server.pid
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../server_common.sh"
PSQL=(psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres)
export SUPPRESS_NO_CONFIG_WARNING=1

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

start_db() {
  mkdir -p "$BASE/pg"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$BASE/pg"
    as_postgres "$PGBIN/initdb -D $PGDATA -U postgres --auth=trust -E UTF8 > $BASE/pg/initdb.log"
  fi
  if ! as_postgres "$PGBIN/pg_ctl -D $PGDATA status" > /dev/null 2>&1; then
    as_postgres "$PGBIN/pg_ctl -D $PGDATA -l $BASE/pg/pg.log -w -o \"-p $PGPORT -k $BASE/pg -c listen_addresses=127.0.0.1\" start" > /dev/null
  fi
}

stop_db() { as_postgres "$PGBIN/pg_ctl -D $PGDATA -m fast stop" || true; }

setup() {
  command -v psql > /dev/null || apt-get install -y -q postgresql > /dev/null
  start_db
  "${PSQL[@]}" -tc "SELECT 1 FROM pg_database WHERE datname='evershop'" | grep -q 1 || "${PSQL[@]}" -c "CREATE DATABASE evershop"
  mkdir -p "$APP"
  cd "$APP"
  [ -f package.json ] || echo '{"name":"evershop-app","version":"1.0.0","private":true,"type":"module"}' > package.json
  if [ ! -f "node_modules/@evershop/evershop/package.json" ]; then
    # concat-stream: imported by the cms module but missing from EverShop's dependencies (2.2.1).
    npm install --no-audit --no-fund "@evershop/evershop@$VERSION" concat-stream
  fi
  printf 'DB_HOST="127.0.0.1"\nDB_PORT="%s"\nDB_NAME="evershop"\nDB_USER="postgres"\nDB_PASSWORD=""\nDB_SSLMODE="disable"\n' "$PGPORT" > .env
  mkdir -p media public
  cp "$HERE/install.mjs" "$HERE/seed.mjs" "$HERE/bind-local.cjs" "$APP/"
  node install.mjs                 # `evershop install` without its prompts (idempotent: migrations by version)
  [ -d .evershop/build ] || npx evershop build
  node seed.mjs
}

start() {
  already_running && return
  start_db
  cd "$APP"
  # setsid: the store and its two helper processes (event manager, cron) share one process group,
  # whose id is the PID in $PIDFILE; `stop` ends that group. EVERSHOP_HOME_URL: the storefront
  # calls its API at this origin (the default, http://localhost:PORT, is another origin than
  # 127.0.0.1 and every "Add to cart" then fails with "Failed to fetch").
  EVERSHOP_HOME_URL="http://127.0.0.1:$PORT" PORT=$PORT NODE_OPTIONS="--require $APP/bind-local.cjs" \
    setsid bash -c "echo \$\$ > '$PIDFILE'; exec node node_modules/@evershop/evershop/dist/bin/evershop.js start" \
    > "$BASE/server.log" 2>&1 < /dev/null &
  wait_serving "http://127.0.0.1:$PORT/evershop-test-mug" 150
}

stop() { stop_server; }

orders() {
  start_db > /dev/null
  "${PSQL[@]}" -d evershop -At -F ' | ' -c "SELECT 'orders: ' || count(*) FROM \"order\"" \
    -c "SELECT 'last: #' || o.order_number, 'email=' || coalesce(o.customer_email, ''),
               'name=' || coalesce(a.full_name, ''), 'address=' || coalesce(a.address_1, '') || ' / ' || coalesce(a.address_2, ''),
               'city=' || coalesce(a.city, ''), 'region=' || coalesce(a.province, ''), 'postcode=' || coalesce(a.postcode, ''),
               'country=' || coalesce(a.country, ''), 'phone=' || coalesce(a.telephone, ''),
               'total=' || round(o.grand_total, 2) || ' ' || o.currency, 'shipping=' || round(coalesce(o.shipping_fee_incl_tax, 0), 2)
                 || ' (' || coalesce(o.shipping_method_data->'snapshot'->>'name', o.shipping_method_data->>'name', '') || ')',
               'payment=' || coalesce(o.payment_method_name, o.payment_method, ''), 'status=' || o.status
          FROM \"order\" o LEFT JOIN order_address a ON a.order_address_id = o.shipping_address_id
         ORDER BY o.order_id DESC LIMIT 1"
}

reset() {
  start_db > /dev/null
  "${PSQL[@]}" -d evershop -c "DELETE FROM \"order\"; DELETE FROM order_address; DELETE FROM cart;
    UPDATE product_inventory SET qty = 1000, stock_availability = true;" > /dev/null
  echo "orders and carts deleted"
}

case "${1:-setup}" in
  setup) setup ;; start) start ;; stop) stop ;; orders) orders ;; reset) reset ;;
  stop-db) stop_db ;; start-db) start_db ;;
  url) echo "http://127.0.0.1:$PORT/evershop-test-mug" ;;
  *) echo "usage: $0 setup|start|stop|orders|reset|url|start-db|stop-db" >&2; exit 2 ;;
esac
