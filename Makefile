# The two set-up commands of the README, and a few conveniences.
PYTHON ?= python3

.PHONY: install graph test bench clean

install:
	$(PYTHON) -m pip install -q -e '.[dev]'

# the main job: build the graph of data/corpus into out/ (store, TriG dump, HTML view)
graph: install
	$(PYTHON) -m kg build data/corpus --out out

# the test suite (browser, server and notebook tests included)
test: install
	$(PYTHON) -m pytest -q

bench: install
	$(PYTHON) bench/scale.py

clean:
	rm -rf out build *.egg-info
