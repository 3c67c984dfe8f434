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
    CORRECTED = "page-corrected"  # dcc.Store: the address after the page's notices corrected it (replaces it)
    EMBED_NONE = "embed-no-chart"  # embed mode on a page without a chart: says so


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
    CLOSURE = "scenarios-closure"        # the rule for trade deficits (config.DEFICIT_CLOSURES)
    THETA = "scenarios-theta"
    ETA = "scenarios-eta"                # goods–services substitution η
    ELASTICITY = "scenarios-elasticity"  # ε of productivity to robot density: central or low
    CITY = "scenarios-city"              # the city cluster that adopts on its own (city-cluster level)
    CITY_TARGET = "scenarios-city-target"
    ALL = "scenarios-all"
    ALL_APPLY = "scenarios-all-apply"
    RESET = "scenarios-reset"
    PRESET = "scenarios-preset"          # pattern-matching type: {"type": PRESET, "preset": preset_id}
    ADOPT = "scenarios-adopt"            # {"type": ADOPT, "iso3": code}: target robot density slider
    BASE = "scenarios-base"              # {"type": BASE, "iso3": code}: a baseline the user enters (none in the data)
    RESET_ONE = "scenarios-reset-one"    # {"type": RESET_ONE, "iso3": code}
    ADOPTION_CONTROLS = "scenarios-adoption-controls"  # presets and sliders, sent by the opening call
    CONTROLS = "scenarios-controls"      # the collapsible controls column (results come first on a phone)
    DRAWN = "scenarios-drawn"            # dcc.Store: the scenario the page shows (query, ranks drawn)
    HEADLINES = "scenarios-headlines"
    WHY = "scenarios-why"                # one line on why the results come out as they do
    DATA_YEAR = "scenarios-data-year"    # the robot-density data year and the rule each baseline came from
    STATUS = "scenarios-status"
    SHARE_CHART = "scenarios-share-chart"
    MAP = "scenarios-map"
    WELFARE_CHART = "scenarios-welfare-chart"  # export share against real income
    RANK_CHART = "scenarios-rank-chart"
    TABLE = "scenarios-table"
    DOWNLOAD_BUTTON = "scenarios-download-button"
    DOWNLOAD = "scenarios-download"
    UPLOAD = "scenarios-upload"
    UPLOAD_STORE = "scenarios-upload-store"
    UPLOAD_MESSAGES = "scenarios-upload-messages"
    UPLOAD_CLEAR = "scenarios-upload-clear"
    UPLOAD_CONTROLS = "scenarios-upload-controls"  # the productivity sliders of uploaded economies
    UPLOAD_PRODUCTIVITY = "scenarios-upload-productivity"  # pattern: {"type": ..., "code": <uploaded code>}
    TEMPLATE_BUTTON = "scenarios-template-button"
    TEMPLATE_DOWNLOAD = "scenarios-template-download"
    NETWORKS_LINK = "scenarios-networks-link"


class Ranges:
    """The uncertainty ranges panel (dashboard/components/ranges.py), placed on the scenarios page."""

    PANEL = "ranges-panel"
    STATUS = "ranges-status"
    PROGRESS = "ranges-progress"
    PROGRESS_TEXT = "ranges-progress-text"
    CANCEL = "ranges-cancel"
    CHART = "ranges-chart"
    TABLE = "ranges-table"
    HEADLINE = "ranges-headline"


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


class Content:
    """The new-trade-content page (/content)."""

    NOTICE = "content-notice"
    HEADLINE = "content-headline"            # the presenter's sentence, computed from the growth chart's data
    ECONOMY = "content-economy"              # whose series the growth chart shows and whose rules the table lists
    FLOW = "content-flow"
    BASE = "content-base"
    GROWTH = "content-growth"                # graph: indexed growth against goods (the page's first chart)
    GROWTH_NOTES = "content-growth-notes"    # the series left out, the compound growth rates, and the sources
    LEADER = "content-leader"
    YEAR = "content-year"
    LEADERS_TEXT = "content-leaders-text"
    LEADERS = "content-leaders"              # graph: ranking
    LEADERS_MAP = "content-leaders-map"      # graph: the same ranking on a map
    KINDS = "content-kinds"
    IN_FORCE = "content-in-force"
    RULES_COUNT = "content-rules-count"
    RULES = "content-rules"                  # html table: the digital-trade rules each economy takes part in
    COVERAGE = "content-coverage"            # html table: economy × series × years
    DRAWN = "content-drawn"                  # dcc.Store: the query of the view the page's parts show
    GROWTH_BUTTON = "content-growth-button"
    LEADERS_BUTTON = "content-leaders-button"
    RULES_BUTTON = "content-rules-button"
    COVERAGE_BUTTON = "content-coverage-button"
    DOWNLOAD = "content-download"


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
    STORY_MENU = "present-story-menu"    # the toolbar's Story menu: add, remove, reorder, new, default, download
    REMOVE = "present-remove"
    EARLIER = "present-earlier"
    LATER = "present-later"
    NEW = "present-new"
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
