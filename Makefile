# The README's commands. Each target bootstraps .venv from pyproject.toml on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
BENCH_STAMP := $(VENV)/.installed-bench
FONT_STAMP := $(VENV)/.font-cjk
NSS_STAMP := $(VENV)/.libnss3
# Debian packages go through tools/sysdeps.sh: it says what it installs and why (one line),
# uses root or `sudo -n` (never a password prompt) and, when it cannot, names the missing
# packages and the command to run. A missing package is not fatal here: the test that needs it
# (or `make run`, for the window) says what is missing.
SYSDEPS := sh tools/sysdeps.sh
ARGS ?=

export QT_QPA_PLATFORM ?= offscreen

QM := resources/i18n/piaudit_zh_CN.qm
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: qt-xcb-libs run test lint typecheck unit bench clean screenshots dist fuzz fuzz-smoke constraints

# Every install is pinned by constraints.txt (the tools' versions, and the setuptools that
# builds the package): a new release cannot change what lint, typecheck or the tests say.
# `make constraints` rewrites it from .venv after a deliberate upgrade (docs/install.md).
CONSTRAINTS := constraints.txt
PIP_INSTALL := $(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) --build-constraint $(CONSTRAINTS)

# The development install: editable, with the GUI extra (make run) and the dev tools.
# (the C sources too: the editable install compiles them in place, see setup.py)
$(STAMP): pyproject.toml setup.py packaging/setup_commands.py scanners/detection/_hits.c scanners/_records.c scanners/detection/validators/_numbers.c \
		scanners/sources/content/_held.c $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade -c $(CONSTRAINTS) pip
	$(PIP_INSTALL) -e '.[dev,gui]'
	touch $@

constraints: $(STAMP)
	$(BIN)/python packaging/freeze_constraints.py > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)

# The main job. With a display (DISPLAY or WAYLAND_DISPLAY set): the desktop window.
# Without one, or with ARGS: the CLI, by default auditing your home folder and printing the
# findings and exposure score, e.g. make run ARGS="scan ~/Documents --format json".
run: $(STAMP) $(QM)
	@if [ -z "$(ARGS)" ] && [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  { $(MAKE) --no-print-directory qt-xcb-libs || [ -z "$$DISPLAY" ]; } && \
	  env -u QT_QPA_PLATFORM $(BIN)/piaudit-gui; \
	else \
	  $(BIN)/piaudit $(if $(ARGS),$(ARGS),scan); \
	fi

# The GUI's Chinese translation, compiled from the .ts (the app reads the .ts without it).
$(QM): resources/i18n/piaudit_zh_CN.ts $(STAMP)
	$(BIN)/python tools/i18n.py compile

lint: $(STAMP)
	$(BIN)/ruff check scanners desktop tests bench tools synth packaging setup.py

typecheck: $(STAMP)
	$(BIN)/mypy scanners desktop

# The PDF report embeds a font with Chinese glyphs (see docs/reports.md).
$(FONT_STAMP): $(STAMP)
	@fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || \
	  $(SYSDEPS) "a font with Chinese glyphs for PDF reports" fonts-wqy-microhei || true
	@touch $@

# Firefox's primary-password check asks the system's NSS library (read-only, PK11_NeedLogin);
# without it piaudit says "unknown", and the tests that ask the real library need it.
$(NSS_STAMP): $(STAMP)
	@ldconfig -p 2>/dev/null | grep -q 'libnss3\.so' || \
	  $(SYSDEPS) "Firefox primary-password check; without it the check reads unknown" libnss3 \
	  || true
	@touch $@

# Qt's xcb platform plugin (the desktop window on X11 and XWayland) and its GL integrations load
# these libraries (ldd of plugins/platforms/libqxcb.so and plugins/xcbglintegrations/*.so); a
# fresh Debian 12 lacks libxcb-icccm4 and libxcb-keysyms1, and Qt then aborts (exit 134).
# No stamp: the ldd check is quick, and a failed install is tried again next time.
QT_XCB_PACKAGES := libxcb1 libx11-6 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 \
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxcb-glx0 libxkbcommon0 \
  libxkbcommon-x11-0 libgl1 libglx0 libegl1 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
QT_PLUGINS = $$(ls -d $(VENV)/lib/python3*/site-packages/PySide6/Qt/plugins | head -1)
qt-xcb-libs: $(STAMP)
	@missing() { ldd $(QT_PLUGINS)/platforms/libqxcb.so $(QT_PLUGINS)/xcbglintegrations/*.so \
	    2>/dev/null | awk '/not found/ {print $$1}' | sort -u | paste -sd' '; }; \
	[ -z "$$(missing)" ] || \
	  $(SYSDEPS) "the libraries Qt's xcb plugin loads to open the desktop window" \
	    $(QT_XCB_PACKAGES) || true; \
	gone=$$(missing); [ -z "$$gone" ] || { \
	  echo "piaudit: the desktop window cannot start: missing $$gone"; \
	  echo "  run: sudo apt-get install -y $(QT_XCB_PACKAGES)"; exit 1; }

# make test goes on when the window's libraries cannot be installed: tests/unit/test_qt_xcb_libs.py
# then fails naming them.
unit: $(STAMP) $(FONT_STAMP) $(NSS_STAMP)
	@$(MAKE) --no-print-directory qt-xcb-libs || true
	$(BIN)/pytest

test: lint typecheck unit

# Fuzz every parser for FUZZ_SECONDS each (docs/fuzzing.md): atheris (libFuzzer) from the
# `fuzz` extra when it installs, else the built-in coverage-guided engine. Crashers land in
# build/fuzz/<target>/; make test replays tests/fuzz/corpus and runs a 2-second smoke.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_STAMP := $(VENV)/.installed-fuzz
$(FUZZ_STAMP): $(STAMP)
	$(PIP_INSTALL) -e '.[dev,gui,fuzz]' || \
	  echo "atheris did not install: make fuzz uses the built-in engine"
	touch $@

fuzz: $(FUZZ_STAMP)
	$(BIN)/python -m tests.fuzz.run --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: $(STAMP)
	$(BIN)/pytest tests/fuzz -q

$(BENCH_STAMP): $(STAMP)
	$(PIP_INSTALL) -e '.[dev,gui,bench]'
	command -v rg >/dev/null 2>&1 || $(SYSDEPS) "ripgrep's figures in the benchmark" ripgrep || true
	touch $@

bench: $(BENCH_STAMP) $(FONT_STAMP)
	$(BIN)/python bench/gen_corpus.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/noise.py
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/ledger_bench.py
	$(BIN)/python bench/score_sequence.py
	$(BIN)/python bench/gui_latency.py --files 100000

# Every screen of the desktop window, in English and Chinese, into docs/screenshots/.
screenshots: $(STAMP) $(FONT_STAMP) $(QM)
	$(BIN)/python tools/screenshots.py

$(DIST_STAMP): $(STAMP)
	$(PIP_INSTALL) -e '.[dev,gui,dist]'
	touch $@

# PyInstaller bundles (dist/piaudit-gui/ windowed, dist/piaudit console), then smoke-tested:
# the CLI's --version and a scan of a synthetic folder, the GUI's --self-test offscreen.
dist: $(DIST_STAMP) $(QM)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	$(BIN)/python tools/dist_smoke.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache bench/corpus bench/out build dist $(QM)
