# The README's commands. Each target bootstraps .venv from pyproject.toml on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench
FONT_STAMP := $(VENV)/.font-cjk
NSS_STAMP := $(VENV)/.libnss3
# Debian's apt, as root or through sudo; a missing system package is reported, not fatal here
# (the test that needs it then says which package is missing).
APT := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)
ARGS ?=

export QT_QPA_PLATFORM ?= offscreen

QM := resources/i18n/piaudit_zh_CN.qm
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test lint typecheck unit bench clean screenshots dist fuzz fuzz-smoke

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The main job. With a display (DISPLAY or WAYLAND_DISPLAY set): the desktop window.
# Without one, or with ARGS: the CLI, by default auditing your home folder and printing the
# findings and exposure score, e.g. make run ARGS="scan ~/Documents --format json".
run: $(STAMP) $(QM)
	@if [ -z "$(ARGS)" ] && [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  env -u QT_QPA_PLATFORM $(BIN)/piaudit-gui; \
	else \
	  $(BIN)/piaudit $(if $(ARGS),$(ARGS),scan); \
	fi

# The GUI's Chinese translation, compiled from the .ts (the app reads the .ts without it).
$(QM): resources/i18n/piaudit_zh_CN.ts $(STAMP)
	$(BIN)/python tools/i18n.py compile

lint: $(STAMP)
	$(BIN)/ruff check scanners desktop tests bench tools synth

typecheck: $(STAMP)
	$(BIN)/mypy scanners desktop

# The PDF report embeds a font with Chinese glyphs (see docs/reports.md).
$(FONT_STAMP): $(STAMP)
	fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || \
	  DEBIAN_FRONTEND=noninteractive $(APT) install -y -q fonts-wqy-microhei >/dev/null 2>&1 || \
	  (DEBIAN_FRONTEND=noninteractive $(APT) update -q >/dev/null 2>&1 && \
	   DEBIAN_FRONTEND=noninteractive $(APT) install -y -q fonts-wqy-microhei >/dev/null 2>&1) || \
	  echo "could not install fonts-wqy-microhei: PDF reports will need a CJK font"
	touch $@

# Firefox's primary-password check asks the system's NSS library (read-only, PK11_NeedLogin);
# without it piaudit says "unknown", and the tests that ask the real library need it.
$(NSS_STAMP): $(STAMP)
	ldconfig -p 2>/dev/null | grep -q 'libnss3\.so' || \
	  DEBIAN_FRONTEND=noninteractive $(APT) install -y -q libnss3 >/dev/null 2>&1 || \
	  (DEBIAN_FRONTEND=noninteractive $(APT) update -q >/dev/null 2>&1 && \
	   DEBIAN_FRONTEND=noninteractive $(APT) install -y -q libnss3 >/dev/null 2>&1) || \
	  echo "could not install libnss3: Firefox primary passwords will read as unknown"
	touch $@

unit: $(STAMP) $(FONT_STAMP) $(NSS_STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# Fuzz every parser for FUZZ_SECONDS each (docs/fuzzing.md): atheris (libFuzzer) from the
# `fuzz` extra when it installs, else the built-in coverage-guided engine. Crashers land in
# build/fuzz/<target>/; make test replays tests/fuzz/corpus and runs a 2-second smoke.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_STAMP := $(VENV)/.installed-fuzz
$(FUZZ_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,fuzz]' || \
	  echo "atheris did not install: make fuzz uses the built-in engine"
	touch $@

fuzz: $(FUZZ_STAMP)
	$(BIN)/python -m tests.fuzz.run --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: $(STAMP)
	$(BIN)/pytest tests/fuzz -q

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	command -v rg >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive $(APT) install -y -q ripgrep >/dev/null 2>&1 || echo "ripgrep not installed: its figures will be missing"
	touch $@

bench: $(BENCH_STAMP) $(FONT_STAMP)
	$(BIN)/python bench/gen_corpus.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/noise.py
	$(BIN)/python bench/ledger_bench.py
	$(BIN)/python bench/score_sequence.py
	$(BIN)/python bench/gui_latency.py --files 100000

# Every screen of the desktop window, in English and Chinese, into docs/screenshots/.
screenshots: $(STAMP) $(FONT_STAMP) $(QM)
	$(BIN)/python tools/screenshots.py

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,dist]'
	touch $@

# PyInstaller bundles (dist/piaudit-gui/ windowed, dist/piaudit console), then smoke-tested:
# the CLI's --version and a scan of a synthetic folder, the GUI's --self-test offscreen.
dist: $(DIST_STAMP) $(QM)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	$(BIN)/python tools/dist_smoke.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache bench/corpus bench/out build dist $(QM)
