"""Import and export of a whole portfolio: organisations, people, projects, and the data they collect and need.

    import_portfolio(data, source_name=...) -> ImportReport      # raises PortfolioImportError(errors)
    export_projects_csv(projects, stream) / export_projects_xlsx(projects) -> bytes
    export_portfolio_json(projects=None) -> str                   # the import format, for a round trip
"""

from motesplats.registry.portfolio_io.exporting import (
    export_portfolio_json,
    export_projects_csv,
    export_projects_xlsx,
    portfolio_as_dict,
)
from motesplats.registry.portfolio_io.importing import ImportReport, import_portfolio
from motesplats.registry.portfolio_io.parsing import PortfolioImportError

__all__ = [
    "ImportReport",
    "PortfolioImportError",
    "export_portfolio_json",
    "export_projects_csv",
    "export_projects_xlsx",
    "import_portfolio",
    "portfolio_as_dict",
]
