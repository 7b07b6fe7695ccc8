# kexie — build, test and run. Every target installs what it needs first (idempotently).
SWIFT ?= swift
APT_PACKAGES := libgraphviz-dev libfontconfig-dev pkg-config zlib1g-dev libxml2-dev fonts-wqy-microhei python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RUN_OUT ?= out/tianjin

PREFIX ?= /usr/local
# sudo only when the installation folder is not writable as is (a PREFIX in the home folder needs none).
INSTALL_SUDO = $(shell mkdir -p "$(DESTDIR)$(PREFIX)" 2>/dev/null; [ -w "$(DESTDIR)$(PREFIX)" ] || echo sudo)
MANUAL := .build/plugins/GenerateManual/outputs/kexie

.PHONY: all deps build release test run docs doc notebooks bench clean fuzz fuzz-build check install uninstall

all: build

## deps: install the Debian packages the build, the tests and the diagrams need (only those missing).
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# Python packages the tests use: nbformat validates the notebooks, PyYAML reads rules in the oracle,
	@# NetworkX reads the graph exports back, openpyxl the workbooks kexie writes.
	@python3 -c "import nbformat, yaml, networkx, openpyxl" 2>/dev/null || python3 -m pip install -q nbformat pyyaml networkx openpyxl

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## install: kexie on PATH — the binary in PREFIX/bin, a man page per command in PREFIX/share/man/man1
## (swift-argument-parser's generate-manual plugin) and the bash, zsh and fish completions.
## PREFIX defaults to /usr/local (sudo is used when it is not writable); DESTDIR is honoured.
install: release
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --multi-page
	$(INSTALL_SUDO) install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	$(INSTALL_SUDO) install -m 755 .build/release/kexie "$(DESTDIR)$(PREFIX)/bin/kexie"
	$(INSTALL_SUDO) install -m 644 $(MANUAL)/*.1 "$(DESTDIR)$(PREFIX)/share/man/man1/"
	.build/release/kexie --generate-completion-script bash > .build/kexie.bash
	.build/release/kexie --generate-completion-script zsh > .build/_kexie
	.build/release/kexie --generate-completion-script fish > .build/kexie.fish
	$(INSTALL_SUDO) install -m 644 .build/kexie.bash "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kexie"
	$(INSTALL_SUDO) install -m 644 .build/_kexie "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kexie"
	$(INSTALL_SUDO) install -m 644 .build/kexie.fish "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kexie.fish"
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) echo "make install: kexie is in $(PREFIX)/bin; try: kexie --help, man kexie" ;; \
	  *) echo "make install: kexie is in $(PREFIX)/bin, which is not on your PATH: add it (export PATH=\"$(PREFIX)/bin:\$$PATH\" in ~/.bashrc)" ;; esac

## uninstall: removes what install put under PREFIX.
uninstall:
	$(INSTALL_SUDO) rm -f "$(DESTDIR)$(PREFIX)/bin/kexie" "$(DESTDIR)$(PREFIX)/share/man/man1/kexie.1" \
	  "$(DESTDIR)$(PREFIX)"/share/man/man1/kexie.*.1 "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/kexie" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_kexie" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/kexie.fish"

## test: the whole test suite (unit tests and tests that run the kexie binary).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## run: the main job on the Tianjin dataset: check it, analyse it, draw it.
run: release
	.build/release/kexie validate datasets/tianjin
	.build/release/kexie summary datasets/tianjin
	.build/release/kexie analyze datasets/tianjin --format table
	mkdir -p $(RUN_OUT)
	.build/release/kexie analyze datasets/tianjin --format json --out $(RUN_OUT)/analysis.json
	.build/release/kexie analyze datasets/tianjin --format csv --out $(RUN_OUT)/csv
	.build/release/kexie render coverage datasets/tianjin -o $(RUN_OUT)/coverage.svg
	.build/release/kexie render structure datasets/tianjin -o $(RUN_OUT)/structure.svg
	.build/release/kexie render linkage datasets/tianjin -o $(RUN_OUT)/linkage.svg
	.build/release/kexie report datasets/tianjin --out $(RUN_OUT)/report
	@echo "make run: the report on datasets/tianjin is $(RUN_OUT)/report/report.html (also report.md and report.ipynb); analysis and diagrams are in $(RUN_OUT)/"
	@echo "make run: the binary is .build/release/kexie; \`make install\` puts it on PATH (PREFIX=/usr/local, or PREFIX=\$$HOME/.local without sudo)"

## docs: the example diagrams the README shows (a test checks they are current).
docs: release
	.build/release/kexie render structure datasets/sample -o docs/sample-structure.svg
	.build/release/kexie render structure datasets/tianjin --scope 南开区 --depth township -o docs/nankai-structure.svg
	.build/release/kexie render coverage datasets/tianjin -o docs/tianjin-coverage.svg
	.build/release/kexie render trend datasets/tianjin --step quarter -o docs/tianjin-trend.svg

## doc: the DocC documentation of the library modules (Sources/<Module>/<Module>.docc), with every
## warning (an unresolved symbol link, say) an error. Archives go to .build/plugins/Swift-DocC/outputs/.
DOC_MODULES := KexieModel KexieIO KexieAnalysis KexieOutput KexieRender
doc: deps
	for m in $(DOC_MODULES); do \
	  $(SWIFT) package generate-documentation --target $$m --warnings-as-errors || exit 1; \
	done

## notebooks: the committed report exports (a test checks they are current).
notebooks: release
	.build/release/kexie report datasets/sample --out notebooks-export/sample --quiet
	.build/release/kexie report datasets/tianjin --out notebooks-export/tianjin --quiet

## bench: whole-process time and memory at 1/8, 1/4, 1/2 and all of the national frame (writes
## BENCHMARKS.md), the hostile small inputs (Benchmarks/hostile.sh), then the in-process benchmarks
## of the Benchmarks package (ordo-one/benchmark).
bench: release
	Benchmarks/bench.sh
	Benchmarks/hostile.sh --write
	swift package --package-path Benchmarks --allow-writing-to-package-directory benchmark

## fuzz: the libFuzzer targets of Fuzz/ (a package of its own), FUZZ_SECONDS each (see README, "Fuzzing").
FUZZ_SECONDS ?= 300
fuzz-build: deps
	$(SWIFT) build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing

fuzz: fuzz-build
	Fuzz/corpus.sh
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

## check: the test suite under AddressSanitizer, then ThreadSanitizer (tests that run kexie run the
## sanitized binary). Suppressions of findings inside system libraries: Tests/Sanitizers/.
check: deps
	$(SWIFT) build --build-tests -Xswiftc -sanitize=address --scratch-path .build-asan
	KEXIE_SANITIZER=address KEXIE_BINARY=.build-asan/debug/kexie ASAN_OPTIONS="detect_leaks=0:suppressions=$(CURDIR)/Tests/Sanitizers/asan.supp" \
	  $(SWIFT) test --skip-build --scratch-path .build-asan
	$(SWIFT) build --build-tests -Xswiftc -sanitize=thread --scratch-path .build-tsan
	KEXIE_SANITIZER=thread KEXIE_BINARY=.build-tsan/debug/kexie TSAN_OPTIONS="suppressions=$(CURDIR)/Tests/Sanitizers/tsan.supp" \
	  $(SWIFT) test --skip-build --scratch-path .build-tsan

clean:
	rm -rf .build .build-asan .build-tsan Fuzz/.build out .bench
