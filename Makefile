# Portal: every command a developer needs. `make test` and `make run` set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAGE ?= dev
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# The web console (docs/console.md): its npm stamp, its build's stamp, the build's inputs.
CONSOLE_NODE_STAMP := console/node_modules/.installed
CONSOLE_BUILD := console/dist/.built
CONSOLE_SOURCES := $(shell find console/src console/public -type f 2>/dev/null) \
	console/index.html console/vite.config.ts console/tsconfig.json

.PHONY: venv test lint typecheck pytest clean run openapi aws-models synth diff deploy deploy-email check-stage \
	console console-test chromium screenshots check-deep audit bandit

$(STAMP): requirements.txt requirements-dev.txt layers/portal/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# The wheels Portal's Lambda layer ships beside its package (layers/portal/requirements.txt),
# fetched for Lambda's Python and architecture (cdk.json) at setup, so that synth and the tests
# that synthesize stay offline: they only unpack them (infra/layer.py).
LAYER_WHEELS := .cache/layer-wheels/.fetched

$(LAYER_WHEELS): $(STAMP) layers/portal/requirements.txt cdk.json
	PYTHONPATH=layers/portal/python $(BIN)/python -m infra.layer fetch
	touch $(LAYER_WHEELS)

venv: $(STAMP) $(LAYER_WHEELS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

# The Cognito client libraries that tests/e2e/test_client_libraries.py drives (pinned, lock file).
CLIENTS := tests/e2e/clients
CLIENTS_STAMP := $(CLIENTS)/node_modules/.installed

$(CLIENTS_STAMP): $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	npm ci --prefix $(CLIENTS) --no-audit --no-fund --loglevel=error
	touch $(CLIENTS_STAMP)

# Browser tests (tests/browser): each file is an xdist group (its tests in order, on one worker),
# so they spread over both workers with the rest; each worker has its own portal and Chromium.
pytest: $(STAMP) $(LAYER_WHEELS) $(CLIENTS_STAMP) $(CONSOLE_BUILD) chromium
	$(BIN)/pytest -n 2 --dist loadgroup -q

test: lint typecheck console-test pytest

# The web console (docs/console.md): npm packages from console/package-lock.json, then a Vite
# build into console/dist, redone only when a source changed (the stamp is the build's).

$(CONSOLE_NODE_STAMP): console/package.json console/package-lock.json
	cd console && npm ci --no-audit --no-fund --loglevel=error
	touch $(CONSOLE_NODE_STAMP)

$(CONSOLE_BUILD): $(CONSOLE_NODE_STAMP) $(CONSOLE_SOURCES)
	cd console && node_modules/.bin/tsc --noEmit && node_modules/.bin/vite build --logLevel warn
	touch $(CONSOLE_BUILD)

console: $(CONSOLE_BUILD)

# The console's unit tests (Vitest), its type check included.
console-test: $(CONSOLE_NODE_STAMP)
	cd console && node_modules/.bin/tsc --noEmit && node_modules/.bin/vitest run

# docs/screenshots/*.png, retaken from the running console (tests/browser/test_screenshots.py, and
# the management and helpdesk flows, which take theirs on the way: tests/browser/centres.py),
# then made small by pngquant when it is installed (apt-get install pngquant).
SCREENSHOT_FLOWS := tests/browser/test_users.py tests/browser/test_helpdesk.py
screenshots: $(STAMP) $(CONSOLE_BUILD) chromium
	PORTAL_SCREENSHOTS=docs/screenshots $(BIN)/pytest -p no:xdist -q tests/browser/test_screenshots.py $(SCREENSHOT_FLOWS)
	@if command -v pngquant >/dev/null; then pngquant --force --ext .png --quality 60-85 docs/screenshots/*.png \
		|| echo "pngquant left some screenshots as they were"; \
	else echo "pngquant is not installed: the screenshots are left as Chromium saved them"; fi

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get install -y chromium || (apt-get update && apt-get install -y chromium); \
	else echo "The browser tests need Chromium: run 'sudo apt-get install -y chromium' (Debian/Ubuntu)." >&2; exit 1; fi

# The long proof runs of docs/security.md: tests/security in full (the matrix over HTTP with real
# and tampered tokens, schemathesis over HTTP, faults with lost answers, concurrency, races and a
# census), then bandit and pip-audit. Figures are added up into .proof/figures.json.
PROOF := .proof
check-deep: $(STAMP)
	rm -rf $(PROOF)
	PORTAL_CHECK_DEEP=1 PORTAL_PROOF_DIR=$(PROOF) $(BIN)/pytest -n 2 -q -rxX tests/security
	$(BIN)/python -m tests.security.figures $(PROOF)
	$(MAKE) --no-print-directory bandit
	$(BIN)/python scripts/audit.py --allow-unreachable

# Known vulnerabilities of the pinned requirements; exit 2, NOT AUDITED, where PyPI's
# vulnerability service cannot be reached (docs/security.md).
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

# The code Lambda runs, with no exception; the tooling, with the exceptions docs/security.md explains.
bandit: $(STAMP)
	$(BIN)/bandit -q -r layers lambdas
	$(BIN)/bandit -q -r local infra scripts bench app.py -s B101,B105,B106,B311,B404,B603

# The local portal in the foreground (docs/local-portal.md): PORTAL_PORT (default 8000) for the
# API, PORTAL_AWS_PORT for moto (default: a free port). Ctrl-C or SIGTERM stops it and all it ran.
# The console is built first when its sources changed, and served at /.
run: $(STAMP) $(CONSOLE_BUILD)
	exec $(BIN)/python -m local

# docs/openapi.json from the API functions' resolvers; a test fails when the two drift.
openapi: $(STAMP)
	$(BIN)/python scripts/generate_openapi.py

# The layer's botocore models, cut to the operations Portal calls (scripts/aws_models.py); a
# test fails when they drift from the code or from the pinned botocore.
aws-models: $(STAMP)
	$(BIN)/python scripts/aws_models.py

# The CDK app (docs/deploy.md). The CLI is pinned in package.json and installed into node_modules;
# after that, synth needs no network. diff and deploy need AWS credentials for the stage's account.
NODE_STAMP := node_modules/.installed
CDK := npx --no cdk

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

check-stage:
	@case "$(STAGE)" in dev|prod) ;; *) echo "STAGE must be dev or prod, not '$(STAGE)'" >&2; exit 2;; esac

# synth and diff build the web console first (console/dist, which the stack deploys; the
# $(CONSOLE_BUILD) stamp above, redone only when a source changed).

# Every benchmark into bench/results.json and bench/results.md (bench/README.md): cold starts
# against minimal Powertools functions, AWS calls per route, latency, memory, asset sizes and the
# local portal. Not part of `make test`. Fails when a cold-start ratio is over its target.
# BENCH_ARGS, e.g. --runs 15. `make bench-cold` runs the cold start alone (BENCH_ARGS="--why helpdesk").
# The console is built first where console/ exists: its files are among the assets measured.
.PHONY: bench bench-cold
bench: $(STAMP) $(CONSOLE_BUILD)
	BENCH_COMMAND="make bench$(if $(BENCH_ARGS), BENCH_ARGS='$(BENCH_ARGS)')" $(BIN)/python -m bench.run $(BENCH_ARGS)

bench-cold: $(STAMP)
	$(BIN)/python -m bench.cold_start $(BENCH_ARGS)

# Results morning under load (bench/load, docs/capacity.md): Locust against the local portal, its
# figures into bench/results.json under `load`. Not part of `make test`. BENCH_ARGS, e.g. --people 100.
.PHONY: bench-load
bench-load: $(STAMP) $(LAYER_WHEELS)
	$(BIN)/python -m bench.load.run $(BENCH_ARGS)

# Both stages' templates into cdk.out; cdk-nag runs, and a finding fails the synth.
synth: $(STAMP) $(LAYER_WHEELS) $(NODE_STAMP) $(CONSOLE_BUILD)
	$(CDK) synth --quiet

diff: $(STAMP) $(LAYER_WHEELS) $(NODE_STAMP) $(CONSOLE_BUILD) check-stage
	$(CDK) diff Portal-$(STAGE)-email Portal-$(STAGE)

# What AWS must already have (the pinned Powertools release's layer, a verified SES domain).
.PHONY: preflight
preflight: $(STAMP) check-stage
	PYTHONPATH=layers/portal/python $(BIN)/python -m infra.preflight $(STAGE)

# The stage's email stack, then Portal. A new stage runs deploy-email first and waits for SES to
# verify the domain: Cognito refuses an unverified sender.
deploy: $(STAMP) $(LAYER_WHEELS) $(NODE_STAMP) $(CONSOLE_BUILD) check-stage preflight
	$(CDK) deploy --require-approval broadening Portal-$(STAGE)-email Portal-$(STAGE)

deploy-email: $(STAMP) $(NODE_STAMP) check-stage
	$(CDK) deploy --require-approval broadening Portal-$(STAGE)-email

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .cache node_modules cdk.out .pytest_cache .mypy_cache .ruff_cache console/node_modules console/dist
