"""Component ids, one namespace per page. Tests import these instead of typing strings."""
from __future__ import annotations


class Shell:
    """The frame around every page (dashboard/components/shell.py)."""

    URL = "page-url"          # dcc.Location (callback-nav): pages write their view into the address here
    RELOAD = "page-reload"    # dcc.Location (refresh): a page load, to enter or leave presenter mode
    VIEW = "page-view"        # pattern type {"type": VIEW, "page": path}: the query of the address the page shows
    MODE = "page-mode"        # dcc.Store: the frame's own parameters of the address (present, slide, embed, chart)
    PAINTED = "page-painted"  # pattern type {"type": PAINTED, "page": path}: set once the first chart is on screen
    PAGE = "page-content"     # html.Main around the page
    NAVBAR = "navbar"
    NAV_TOGGLER = "navbar-toggler"
    NAV_COLLAPSE = "navbar-collapse"
    COPY_LINK = "copy-link"


class Grid:
    """A table put in once AG Grid's bundle is there (dashboard/components/grid.py)."""

    LATER = "grid-later"  # the grid's component, until its bundle is there
    SLOT = "grid-slot"
    ROWS = "grid-rows"  # the rows of a grid's latest update, kept also before the grid is there


class Overview:
    STRATEGIES_CHART = "overview-strategies"
    ROBOT_CHART = "overview-robot-density"
    MVA_CHART = "overview-mva"
    CLUSTER_MAP = "overview-cluster-map"
    DOWNLOAD_BUTTON = "overview-download-button"
    DOWNLOAD = "overview-download"


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
    DRAWN = "strategies-drawn"                # dcc.Store: the query of the view the page's parts show
    TIMELINE = "strategies-timeline"
    DETAIL = "strategies-detail"
    TABLE = "strategies-table"
    COUNT = "strategies-count"
    DOWNLOAD_BUTTON = "strategies-download-button"
    DOWNLOAD = "strategies-download"


class Scenarios:
    NOTICE = "scenarios-notice"
    LEVEL = "scenarios-level"
    EQUILIBRIUM = "scenarios-equilibrium"
    THETA = "scenarios-theta"
    GAIN = "scenarios-gain"
    ALL = "scenarios-all"
    ALL_APPLY = "scenarios-all-apply"
    RESET = "scenarios-reset"
    PRESET = "scenarios-preset"          # pattern-matching type: {"type": PRESET, "preset": preset_id}
    ADOPT = "scenarios-adopt"            # {"type": ADOPT, "iso3": code}
    RESET_ONE = "scenarios-reset-one"    # {"type": RESET_ONE, "iso3": code}
    ADOPTION_CONTROLS = "scenarios-adoption-controls"  # presets and sliders, sent by the opening call
    DRAWN = "scenarios-drawn"            # dcc.Store: the scenario the page shows (query, adoption, ranks drawn)
    HEADLINES = "scenarios-headlines"
    STATUS = "scenarios-status"
    SHARE_CHART = "scenarios-share-chart"
    MAP = "scenarios-map"
    WELFARE_CHART = "scenarios-welfare-chart"
    RANK_CHART = "scenarios-rank-chart"
    TABLE = "scenarios-table"
    DOWNLOAD_BUTTON = "scenarios-download-button"
    DOWNLOAD = "scenarios-download"
    UPLOAD = "scenarios-upload"
    UPLOAD_STORE = "scenarios-upload-store"
    UPLOAD_MESSAGES = "scenarios-upload-messages"
    UPLOAD_CLEAR = "scenarios-upload-clear"
    TEMPLATE_BUTTON = "scenarios-template-button"
    TEMPLATE_DOWNLOAD = "scenarios-template-download"
    NETWORKS_LINK = "scenarios-networks-link"


class Networks:
    NOTICE = "networks-notice"
    SCENARIO = "networks-scenario"            # dcc.Store: the scenario's URL parameters ({} for none)
    FLOWS = "networks-flows"                  # baseline or scenario (shown when the URL carries a scenario)
    VIEW = "networks-view"
    TOP = "networks-top"
    REGION = "networks-region"
    COUNTRY = "networks-country"
    LINKS = "networks-links"                  # domestic and/or international links
    SIZE = "networks-size"
    LAYER = "networks-layer"
    LAYER_NOTE = "networks-layer-note"
    CLUSTER = "networks-cluster"              # the chosen node (a city cluster, a rest of country, an economy)
    GRAPH = "networks-graph"
    DRAWN = "networks-drawn"                  # dcc.Store: the query of the view the graph shows (None: none)
    STATUS = "networks-status"
    PANEL = "networks-panel"
    NODES_BUTTON = "networks-nodes-button"
    NODES_DOWNLOAD = "networks-nodes-download"
    EDGES_BUTTON = "networks-edges-button"
    EDGES_DOWNLOAD = "networks-edges-download"


class Present:
    """Presenter mode (?present=1) and embed mode (?embed=1): ids in the page frame."""

    ROOT = "atlas-root"                  # the frame's root (assets/present.css sizes its container)
    TOGGLE = "present-toggle"            # navbar button: present this view
    TOOLBAR = "present-toolbar"
    PREV = "present-prev"
    NEXT = "present-next"
    POSITION = "present-position"        # "Slide 2 of 5: title"
    CAPTION = "present-caption"          # the slide's caption, above the page
    ADD = "present-add"
    DOWNLOAD_BUTTON = "present-download-button"
    DOWNLOAD = "present-download"
    UPLOAD = "present-upload"
    RESET = "present-reset"
    FULL_SCREEN = "present-full-screen"
    EXIT = "present-exit"
    MESSAGE = "present-message"
    STORY = "present-story"              # dcc.Store (session): the story in use, as records
    GOTO = "present-goto"                # dcc.Store: where to go next (assets/present.js goes there)
    HERE = "present-here"                # dcc.Store: the address while presenting (nothing otherwise)
    COPY_LINK = "present-copy-link"      # the navbar is hidden in presenter mode: the toolbar has its own
