"""Component ids, one namespace per page. Tests import these instead of typing strings."""
from __future__ import annotations


class Shell:
    URL = "url"
    PAGE = "page-content"
    NAVBAR = "navbar"
    NAV_TOGGLER = "navbar-toggler"
    NAV_COLLAPSE = "navbar-collapse"
    NOTICE = "url-notice"


class Overview:
    ROBOT_CHART = "overview-robot-density"
    MVA_CHART = "overview-mva"
    CLUSTER_MAP = "overview-cluster-map"


class Methods:
    SOURCES_TABLE = "methods-sources-table"
    SOURCES_DOWNLOAD_BUTTON = "methods-sources-download-button"
    SOURCES_DOWNLOAD = "methods-sources-download"
    EQUATIONS = "methods-equations"


class Strategies:
    NOTICE = "strategies-notice"
    ECONOMY = "strategies-economy"
    FOCUS = "strategies-focus"
    PERIOD = "strategies-period"
    REGION = "strategies-region"
    COLOR = "strategies-color"
    MAP = "strategies-map"
    TIMELINE = "strategies-timeline"
    DETAIL = "strategies-detail"
    TABLE = "strategies-table"
    COUNT = "strategies-count"
    DOWNLOAD_BUTTON = "strategies-download-button"
    DOWNLOAD = "strategies-download"
