# Two commands on a fresh machine:  make run  (service with demo data)  and  make test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test system-deps system-deps-test typecheck bench bench-postgres clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Re-install only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed-run

system-deps:
	scripts/system-deps run

system-deps-test:
	scripts/system-deps test

install: system-deps $(VENV)/.installed-run

# The real OpenID provider the SSO tests run (tests/oidc_provider), from its lock file.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

install-test: system-deps-test $(VENV)/.installed-test $(OIDC_PROVIDER)/node_modules/.installed

# The demo's links (the status page, mail) point at the port served, unless AVG_BASE_URL says.
RUN_BASE_URL = $(or $(AVG_BASE_URL),http://$(HOST):$(PORT))

run: install
	AVG_BASE_URL=$(RUN_BASE_URL) $(FLASK) avg init --demo
	@echo "Contactpunt AVG-rechten: $(RUN_BASE_URL)/  (log in: $(RUN_BASE_URL)/inloggen)"
	AVG_BASE_URL=$(RUN_BASE_URL) $(FLASK) run --host $(HOST) --port $(PORT)

test: install-test typecheck
	$(PY) -m pytest $(PYTEST_ARGS)

# The pure rule modules strictly with every import resolved (tests/test_purity.py keeps the list
# complete), then all of avg_service strictly (flask-smorest through api/blueprint.py's typed shim).
typecheck: install-test
	$(VENV)/bin/mypy --strict --follow-imports=silent avg_service/deadlines \
		avg_service/breaches/rules.py avg_service/breaches/catalogue.py \
		avg_service/reports/rules.py avg_service/retention/rules.py \
		avg_service/errors.py avg_service/choices.py avg_service/uow.py avg_service/formatting.py avg_service/links.py \
		avg_service/access/roles.py avg_service/access/actor.py avg_service/access/policy.py \
		avg_service/requests/lifecycle.py avg_service/requests/bsn.py \
		avg_service/coordination/rules.py avg_service/decisions/catalogue.py \
		avg_service/organisations/catalogue.py avg_service/bezwaar/rules.py \
		avg_service/requests/representation.py avg_service/hearing/rules.py
	$(VENV)/bin/mypy --strict --follow-imports=silent --ignore-missing-imports avg_service

bench: install-test
	$(PY) bench/deadlines.py
	$(PY) bench/pdf_smoke.py

bench-postgres: install-test  # needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis for load
	$(PY) bench/worklist.py
	$(PY) bench/audit.py
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache
