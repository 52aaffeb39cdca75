# Conveniences; the README's two set-up commands are the source of truth.
PYTHON ?= python3

.PHONY: graph test bench clean

# the main job: install, then build the graph of data/corpus into out/
graph:
	$(PYTHON) -m pip install -q -e . && $(PYTHON) -m kg build

# the test suite, as CI runs it
test:
	$(PYTHON) -m pip install -q -e '.[dev]' && $(PYTHON) -m pytest

bench:
	$(PYTHON) bench/scale.py

clean:
	rm -rf out build *.egg-info
