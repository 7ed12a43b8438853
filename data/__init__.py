"""crampkit's curated data tables (CSV and JSON), shipped inside the package.

In the repository they live in ``data/``; in an installed wheel they are ``crampkit/data``.
Each table names its sources by id in ``references.csv``.
"""
