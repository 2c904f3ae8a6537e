# The two commands of the README: `make demo` and `make test`. Everything else is a step of them.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
STAMP  := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
export QT_QPA_PLATFORM ?= $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY)),,offscreen)

.PHONY: setup system-deps test-deps catalogs demo test soak lint bench extract-messages self-test package package-deps clean

setup: system-deps $(STAMP) catalogs

system-deps:
	@scripts/ensure-system-deps

test-deps:
	@scripts/ensure-system-deps --tests

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[gateway,dev]'
	touch $(STAMP)

# .mo files are build outputs of the committed .po catalogs.
catalogs: $(STAMP)
	$(PYBABEL) compile --domain kiosk_app --directory locales --use-fuzzy --statistics 2>&1 | grep -v '^compiling' || true

extract-messages: $(STAMP)
	$(PYBABEL) extract --no-location --sort-by-file -F babel.cfg -k qsTr -k _ -k N_ -k ngettext:1,2 \
	  --project kiosk-app --copyright-holder "kiosk-app contributors" -o locales/kiosk_app.pot .
	$(PYBABEL) update --domain kiosk_app --input-file locales/kiosk_app.pot --output-dir locales --no-fuzzy-matching

demo: setup  # continues the earlier demo (bookings kept); RESET=1 starts afresh
	$(VENV)/bin/kiosk-app demo $(if $(RESET),--reset)

# One worker per core (pytest-xdist): many tests wait on gateways, subprocesses and Qt rather than
# compute. `make test PYTEST_WORKERS=0` runs in this process (a debugger, -x, print output).
PYTEST_WORKERS ?= auto
test: test-deps setup
	$(PY) -m pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist worksteal)

# Outside CI: kiosks, faults, kill -9 and gateway restarts for MINUTES (tests/sync/engine/soak.py).
soak: setup
	$(PY) tests/sync/engine/soak.py --minutes $(or $(MINUTES),10)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

bench: package  # the bundle's size and cold start are part of the figures
	$(VENV)/bin/kiosk-app bench --json

self-test: test-deps setup
	$(VENV)/bin/kiosk-app self-test --demo

# The kiosk as one directory, dist/kiosk-app/ (packaging/kiosk-app.spec, docs/deploy.md).
package: setup $(PACKAGE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level ERROR --distpath dist \
	  --workpath build/pyinstaller packaging/kiosk-app.spec
	@du -sh dist/kiosk-app

package-deps: $(PACKAGE_STAMP)

$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[gateway,dev,package]'
	touch $(PACKAGE_STAMP)

clean:
	rm -rf $(VENV) .venv-core .pytest_cache .mypy_cache .ruff_cache build dist
	find locales -name '*.mo' -delete
