# The two commands of this project (see README.md):
#   make run   - local demo: PostgreSQL (configured or private), demo database, Odoo on localhost
#   make test  - lint + fresh database + install/upgrade + the whole test suite
.PHONY: run test lint stop-db
run:
	bash tools/run_demo.sh
test:
	bash tools/run_tests.sh
lint:
	bash tools/run_lint.sh
stop-db:
	bash tools/stop_db.sh
