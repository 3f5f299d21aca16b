# Patchwork: two commands for a fresh machine with python3.
#   make run   set up .venv, migrate, load the demo site once, serve on 127.0.0.1:8000
#   make run-cached  the same behind Varnish (deploy/varnish.vcl) on 127.0.0.1:6081
#   make test  install the test tools and run the whole suite
#   make messages  update the Urdu, Arabic and Polish catalogues in locale/ and compile them
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run run-cached test lint format install install-dev messages

$(VENV)/bin/activate:
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Starting the task worker and the scheduler beside the server (Ctrl+C stops all three)."
	@# keep_running starts a command again 5 s after it stops, so a crashed worker comes back.
	@keep_running() { \
	  while :; do \
	    $(PY) manage.py "$$@" & child=$$!; \
	    trap 'kill $$child 2>/dev/null; exit 0' INT TERM; \
	    wait $$child; status=$$?; \
	    echo "manage.py $$1 stopped (exit status $$status); starting it again in 5 seconds." >&2; \
	    sleep 5; \
	  done; \
	}; \
	keep_running run_worker & worker=$$!; \
	keep_running run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Varnish (apt-get install varnish) with deploy/varnish.vcl and deploy/varnishd.params on CACHE_PORT, in front of `make run`
# on PORT; the app purges it on every publish. Readers use http://HOST:CACHE_PORT.
CACHE_PORT ?= 6081
# deploy/varnishd.params, each `name=value` line as `-p name=value`
VARNISHD_PARAMETERS = $(shell sed -e 's/\#.*//' -e '/^[[:space:]]*$$/d' -e 's/^[[:space:]]*/-p /' deploy/varnishd.params)
run-cached: export FRONTEND_CACHE_URL ?= http://127.0.0.1:$(CACHE_PORT)
run-cached: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(CACHE_PORT)
run-cached:
	@command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ] || { \
	  echo "varnishd is missing. On Debian or Ubuntu: sudo apt-get install varnish"; exit 1; }
	@mkdir -p .varnish && sed 's/"8000"/"$(PORT)"/' deploy/varnish.vcl > .varnish/local.vcl
	@echo "Varnish on http://$(HOST):$(CACHE_PORT) in front of the app on port $(PORT)."
	@PATH="$$PATH:/usr/sbin"; varnishd -F -n "$(CURDIR)/.varnish/instance" -a $(HOST):$(CACHE_PORT) \
	  -f "$(CURDIR)/.varnish/local.vcl" -s malloc,256m $(VARNISHD_PARAMETERS) & cache=$$!; \
	trap 'kill $$cache 2>/dev/null' EXIT INT TERM; \
	$(MAKE) run

# On PostgreSQL, two workers (pytest-xdist): the rows the migrations make are put back after each
# test with real transactions (conftest.py), and --dist loadgroup keeps each query-ceiling town on
# one worker. SQLite runs in one process, where pytest-django runs those tests last.
XDIST = $(if $(findstring postgres,$(DATABASE_URL)),-n 2 --dist loadgroup,)
test: install-dev
	$(PY) -m pytest $(XDIST)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Needs gettext (apt-get install gettext). Translate every new or changed entry in
# locale/*/LC_MESSAGES/django.po (the catalogue test fails until you do), then run it again.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='static_collected/*' --ignore='media/*' \
  --ignore='e2e/*' --ignore='bench/*' --ignore='*/tests/*' --ignore=conftest.py
messages: install
	$(PY) manage.py makemessages -l ur -l ar -l pl --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l ur -l ar -l pl $(MESSAGES_IGNORE)

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
