"""Bounded parameter types for every API operation (issue 19): an integer the database or the
calendar cannot hold is a 422 naming the parameter, never a server error, and the bounds are in
/api/openapi.json for clients and for schemathesis.
"""

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

# Largest id any table holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
MAX_PAGE = 10_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Year = Annotated[int, Field(ge=1950, le=2100)]
Age = Annotated[int, Field(ge=0, le=130)]
Version = Annotated[int, Field(ge=0, le=MAX_ID)]
Days = Annotated[int, Field(ge=0, le=366)]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value):
    # pydantic also reads numbers (and numeric text) as Unix times: -9.7e-102 became 1970-01-01.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("Enter a date as YYYY-MM-DD.")


# A calendar date written YYYY-MM-DD, and nothing else.
Date = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def choice(values, *, blank: bool = False):
    """One of a model's choices (``Case.Status.values``) as an enum in the schema; ``blank`` also
    allows "" (an unset filter or field)."""
    return Literal[tuple(values) + (("",) if blank else ())]
