#!/usr/bin/env bash
# A real open-source shop for the engine to meet: django-oscar 4.2.1 from PyPI, set up as its docs'
# "Building your own shop" says, in /tmp only (nothing of it lands in the repo).
#
#   bash benchmarks/realshop/setup_oscar.sh setup    # idempotent: venv, project, DB, GB, one product
#   bash benchmarks/realshop/setup_oscar.sh start    # runserver on 127.0.0.1:$OSCAR_PORT (default 8765)
#   bash benchmarks/realshop/setup_oscar.sh orders   # orders in Oscar's DB (count + the last one)
#   bash benchmarks/realshop/setup_oscar.sh reset    # delete every order and basket (stock topped up)
#   bash benchmarks/realshop/setup_oscar.sh stop     # stop the server by its PID
#
# Shop choices (see README.md): guest checkout on (OSCAR_ALLOW_ANON_CHECKOUT), GB the only shipping
# country, one product "Oscar Test Mug" £12.50 with stock, a fixed-price shipping method
# (Royal Mail, £3.95), and a card step: PaymentDetailsView with Oscar's own BankcardForm
# (Luhn-checked number, expiry month/year selects, CCV), re-validated on "Place order".
set -euo pipefail

BASE=${OSCAR_BASE:-/tmp/oscar}
VENV=${OSCAR_VENV:-/tmp/oscar-venv}
PORT=${OSCAR_PORT:-8765}
PROJ=$BASE/shop
PY=$VENV/bin/python
PIDFILE=$BASE/server.pid
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/server_common.sh"

setup() {
  mkdir -p "$BASE"
  [ -x "$PY" ] || python3 -m venv "$VENV"
  "$PY" -c "import oscar, pycountry, sorl" 2>/dev/null || "$VENV/bin/pip" install -q "django-oscar==4.2.1" pycountry sorl-thumbnail
  if [ ! -f "$PROJ/manage.py" ]; then
    mkdir -p "$PROJ"
    "$VENV/bin/django-admin" startproject myshop "$PROJ"
  fi
  # Our additions, rewritten every time (idempotent): settings tail, urls, the checkout fork.
  cp "$HERE/oscar_files/settings_oscar.py" "$PROJ/myshop/settings_oscar.py"
  grep -q "settings_oscar" "$PROJ/myshop/settings.py" || echo "from .settings_oscar import *  # noqa" >> "$PROJ/myshop/settings.py"
  cp "$HERE/oscar_files/urls.py" "$PROJ/myshop/urls.py"
  for app in shopcheckout shopshipping; do
    mkdir -p "$PROJ/$app"
    cp -r "$HERE/oscar_files/$app/." "$PROJ/$app/"
  done
  # Oscar's fork pattern for a models app: its migrations go along with it.
  SITE=$("$PY" -c "import oscar, os; print(os.path.dirname(oscar.__file__))")
  mkdir -p "$PROJ/shopshipping/migrations"
  cp "$SITE/apps/shipping/migrations/"*.py "$PROJ/shopshipping/migrations/"
  mkdir -p "$PROJ/templates/oscar/checkout"
  cp "$HERE/oscar_files/templates/"*.html "$PROJ/templates/oscar/checkout/"
  (cd "$PROJ" && "$PY" manage.py migrate -v 0 && "$PY" manage.py shell -v 0 < "$HERE/oscar_files/seed.py")
}

start() {
  already_running && return
  cd "$PROJ"
  OSCAR_CARD_FORM=${OSCAR_CARD_FORM:-full} "$PY" manage.py runserver "127.0.0.1:$PORT" --noreload > "$BASE/server.log" 2>&1 < /dev/null &
  echo $! > "$PIDFILE"
  cd - > /dev/null
  wait_serving "http://127.0.0.1:$PORT/" 50
}

stop() { stop_server; }

orders() { (cd "$PROJ" && "$PY" manage.py shell -v 0 < "$HERE/oscar_files/orders.py"); }
reset() { (cd "$PROJ" && OSCAR_ORDERS_ACTION=reset "$PY" manage.py shell -v 0 < "$HERE/oscar_files/orders.py"); }

case "${1:-setup}" in
  setup) setup ;; start) start ;; stop) stop ;; orders) orders ;; reset) reset ;;
  url) (cd "$PROJ" && "$PY" manage.py shell -v 0 -c "from oscar.apps.catalogue.models import Product; print('http://127.0.0.1:$PORT' + Product.objects.get(upc='MUG-001').get_absolute_url())") ;;
  *) echo "usage: $0 setup|start|stop|orders|reset|url" >&2; exit 2 ;;
esac
