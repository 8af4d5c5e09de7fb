"""Bounded parameter types for every API operation (issue 19): an integer the database or the
calendar cannot hold is a 422 naming the parameter, never a server error, and the bounds are in
/api/openapi.json for clients and for schemathesis.
"""

from typing import Annotated

from pydantic import Field

# Largest id any table holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
MAX_PAGE = 10_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Year = Annotated[int, Field(ge=1950, le=2100)]
Age = Annotated[int, Field(ge=0, le=130)]
Version = Annotated[int, Field(ge=0, le=MAX_ID)]
Days = Annotated[int, Field(ge=0, le=366)]
