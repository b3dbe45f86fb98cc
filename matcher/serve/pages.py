"""The page (placeholder until the page lands: a link to the API's documentation)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def index() -> str:
    """A placeholder page."""
    return "<!doctype html><title>matcher</title><p><a href='/docs'>API</a></p>"
