"""File readers of the engine, apart from the product path (the web application passes plain data):
``people_csv`` (the seminar commands' PEOPLE.csv and PAIRS.csv), ``golfer_bank`` (verified social golfer
schedules for the benchmarks and ``motesplats rounds solve --bank``) and ``mdgplib`` (MDGPLIB instances and
best-known values for the research MDGP solver, :mod:`optimiser.research`)."""
