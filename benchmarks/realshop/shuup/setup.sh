#!/usr/bin/env bash
# A real open-source server-rendered shop of another lineage than Oscar: Shuup 3.1.0 (PyPI `shuup`,
# Django 2.2, Jinja2 templates, its "classic gray" front), run as Shuup's own workbench project, in
# /tmp only (nothing of it lands in the repo).
#
#   bash benchmarks/realshop/shuup/setup.sh setup    # idempotent: venv, py3.11 shims, migrate, shuup_init, seed
#   bash benchmarks/realshop/shuup/setup.sh start    # runserver on 127.0.0.1:$SHUUP_PORT (default 8102), PID in a file
#   bash benchmarks/realshop/shuup/setup.sh url      # the product page
#   bash benchmarks/realshop/shuup/setup.sh orders   # orders in Shuup's DB (count + the last one)
#   bash benchmarks/realshop/shuup/setup.sh reset    # delete every order and stored basket
#   bash benchmarks/realshop/shuup/setup.sh stop     # stop the server by its PID
#
# Shop choices (see ../README.md): the default shop in GBP, one product "Shuup Test Mug" 19.90,
# shipping "Standard Shipping" 4.90 and "Express Shipping" 9.90, payment "Cash on delivery"
# (Shuup's manual payment service), guest checkout (Shuup's default). Checkout: Addresses →
# Shipping & Payment → Confirmation (terms checkbox, Place Order), one URL per phase.
set -euo pipefail

BASE=${SHUUP_BASE:-/tmp/shuup}
VENV=${SHUUP_VENV:-/tmp/shuup-venv}
PORT=${SHUUP_PORT:-8102}
PY=$VENV/bin/python
PIDFILE=$BASE/server.pid
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../server_common.sh"
export SHUUP_WORKBENCH_BASE_DIR=$BASE/base      # the workbench's var/ (media, static); sqlite in $BASE/.sqlite
manage() { (cd "$BASE" && "$PY" -m shuup_workbench "$@"); }

setup() {
  mkdir -p "$BASE/base/var"
  [ -x "$PY" ] || python3 -m venv "$VENV"
  if ! "$PY" -c "import shuup" 2>/dev/null; then
    "$VENV/bin/pip" install -q "pip<23.3"   # shuup 3.1.0 has a malformed requirement that pip >= 23.3 refuses
    "$VENV/bin/pip" install -q "shuup==3.1.0"
  fi
  # Shuup 3.1.0 pins libraries from 2020 that predate Python 3.11; four small shims make them run:
  # MarkupSafe 2.0.1 (Jinja2 imports soft_unicode, gone in 2.1), Jinja2 2.11.3 instead of the pinned
  # 2.8.1 (whose regexes Python 3.11 rejects), the collections ABC aliases removed in 3.10 (Jinja2,
  # django-bootstrap3), and django-enumfields' EnumMeta on 3.11's dict-based _member_names.
  SITE=$("$PY" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
  "$PY" -c "import markupsafe; assert markupsafe.__version__ == '2.0.1'" 2>/dev/null || "$VENV/bin/pip" install -q "MarkupSafe==2.0.1"
  "$PY" -c "import jinja2; assert jinja2.__version__ == '2.11.3'" 2>/dev/null || "$VENV/bin/pip" install -q --no-deps "Jinja2==2.11.3"
  cp "$HERE/py311_collections_compat.py" "$SITE/"
  echo "import py311_collections_compat" > "$SITE/zz_py311_collections_compat.pth"
  sed -i "s/attrs._member_names.remove('Labels')/(attrs._member_names.pop('Labels', None) if isinstance(attrs._member_names, dict) else attrs._member_names.remove('Labels'))/" "$SITE/enumfields/enums.py"
  manage migrate -v 0
  [ -f "$BASE/.initialized" ] || { manage shuup_init > /dev/null && touch "$BASE/.initialized"; }
  manage shell < "$HERE/seed.py"
}

start() {
  already_running && return
  cd "$BASE"
  setsid bash -c "echo \$\$ > '$PIDFILE'; exec '$PY' -m shuup_workbench runserver 127.0.0.1:$PORT --noreload" \
    > "$BASE/server.log" 2>&1 < /dev/null &
  wait_serving "http://127.0.0.1:$PORT/p/1-shuup-test-mug/" 300
}

stop() { stop_server; }

orders() { manage shell < "$HERE/orders.py"; }
reset() { SHUUP_ORDERS_ACTION=reset manage shell < "$HERE/orders.py"; }

case "${1:-setup}" in
  setup) setup ;; start) start ;; stop) stop ;; orders) orders ;; reset) reset ;;
  url) echo "http://127.0.0.1:$PORT/p/1-shuup-test-mug/" ;;
  *) echo "usage: $0 setup|start|stop|orders|reset|url" >&2; exit 2 ;;
esac
