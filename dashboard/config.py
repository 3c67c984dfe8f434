"""Paths, defaults and bounds. No I/O here: every other module reads its constants from this one."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
# ATLAS_DATA_DIR points the app at another copy of data/ (tests use it for broken copies).
DATA_DIR = Path(os.environ.get("ATLAS_DATA_DIR", ROOT_DIR / "data"))
ASSETS_DIR = ROOT_DIR / "assets"

APP_TITLE = "Intelligent Manufacturing Trade Atlas"

# Server defaults (overridable by flags or the environment variables named in dashboard/__main__.py).
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
# Environment variable naming who may embed the app in a frame (CSP frame-ancestors, space-separated
# origins such as "https://intranet.example.org"); unset means nobody. Read by dashboard/http.py.
FRAME_ANCESTORS_ENV = "ATLAS_FRAME_ANCESTORS"

# Largest request body the server reads (bytes); larger ones get 413 before they reach memory. The
# biggest legitimate request is an upload the browser lets through (5 MB, base64-encoded: ~6.7 MB).
MAX_REQUEST_BYTES = 8_000_000
# Longest address (path and query, bytes) the app answers; a longer one gets the app's own "link too
# long" page (dashboard/http.py). gunicorn's request-line limit is raised to its maximum, 8,190 bytes
# (dashboard/gunicorn_conf.py), so that this limit, not gunicorn's bare 4 KB one, is what a user meets.
# A presenter's story travels in the link within it (dashboard/views/present.py STORY_PARAM).
MAX_URL_BYTES = 8_000

# Years accepted anywhere in data/ (launch years, data years, source years).
MIN_YEAR = 1950
MAX_YEAR = 2060

# Codes that are not ISO 3166-1 alpha-3 countries but are valid economies in data/.
# EUU and WLD follow the World Bank's aggregate codes; ROW is the model's rest-of-world.
AGGREGATE_CODES = {
    "EUU": "European Union",
    "WLD": "World",
    "ROW": "Rest of world",
}

# Rules for trade deficits in a scenario (data/scenario_presets.csv, the scenarios page's URL `closure`):
# held in levels; all closed (Dekle, Eaton & Kortum); or the US deficit closed, with the counterpart
# spread over the other economies in proportion to their GDP.
DEFICIT_CLOSURES = ("fixed", "balanced", "us")

# Regions are continents as classified by the UN M49 scheme, read from country_converter's data file
# (column Continent_7; see dashboard/datasets/regions.py). "Rest of world" is the model's aggregate.
REGIONS = (
    "Asia",
    "Europe",
    "North America",
    "South America",
    "Africa",
    "Oceania",
    "Rest of world",
)

# Controlled vocabulary for a strategy's focus areas (filters on the strategies page).
FOCUS_AREAS = {
    "robotics": "Robotics and automation",
    "ai": "Artificial intelligence",
    "iot": "Industrial internet, IoT and cyber-physical systems",
    "additive": "Additive manufacturing (3D printing)",
    "smart-factory": "Smart factories and digitalised production",
    "data": "Data, cloud and digital platforms",
    "rnd": "R&D, innovation institutes and commercialisation",
    "smes": "Small and medium-sized enterprises",
    "skills": "Skills and workforce",
    "standards": "Standards and interoperability",
    "materials": "Advanced materials",
    "energy": "Energy efficiency and green manufacturing",
    "domestic-content": "Domestic production, procurement and supply chains",
    "investment": "Investment incentives and finance",
}

# Indicators held in data/indicators.csv, with the unit every row of that indicator must state.
INDICATORS = {
    "gdp_usd_bn": "USD billion, current",
    "exports_gs_usd_bn": "USD billion, current",
    "imports_gs_usd_bn": "USD billion, current",
    "population_m": "million people",
    "mva_usd_bn": "USD billion, current",
    "robot_density": "robots per 10,000 manufacturing employees",
    # IFR operational stock: the numerator of a modeled robot density (see data/notes_indicators.md).
    "robot_operational_stock": "industrial robots in operation (units)",
    # ILO employment: the denominator of a modeled density, and the workers behind a sector's employment share.
    "mfg_employment_thousands": "thousand persons",
    "total_employment_thousands": "thousand persons",
}

# URL path of the assets folder as the browser sees it (Dash's default).
ASSETS_URL = "/assets/"
BOOTSTRAP_CSS = ASSETS_URL + "vendor/bootstrap/bootstrap.min.css"
# Our partial plotly.js (tools/plotly_bundle.py builds it), relative to ASSETS_DIR/ASSETS_URL.
PLOTLY_BUNDLE = "vendor/plotly/plotly-atlas.min.js"

# Presenter mode: the most slides a story (data/story.csv or an uploaded one) may hold.
STORY_MAX_SLIDES = 50

# Strategies page: the period its timeline and period filter cover; open-ended strategies run to its end.
STRATEGY_YEARS = (2010, 2030)

# New trade content (data/content_series.csv, built by dashboard/datasets/build_content.py): each series
# id with the unit every row of that series states. Labels and content types: dashboard/datasets/content.py.
USD_MILLION = "USD million, current"
CONTENT_SERIES = {
    "goods_exports": USD_MILLION,
    "goods_imports": USD_MILLION,
    "ip_receipts": USD_MILLION,
    "ip_payments": USD_MILLION,
    "ict_exports": USD_MILLION,
    "digital_exports": USD_MILLION,
    "digital_imports": USD_MILLION,
    "robot_installations": "industrial robots installed (units)",
    "robot_exports": USD_MILLION,
    "robot_imports": USD_MILLION,
}
# A ranking of "leaders" is drawn for a content series only in a year where at least this many of the
# modeled economies have a value: a ranking of a handful would crown whoever happens to be published.
CONTENT_LEADERS_MIN_ECONOMIES = 15
