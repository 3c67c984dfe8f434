"""One module per page. Each registers itself with Dash Pages (`dash.register_page`) when
dashboard.app imports it, with a layout that takes the address's query as keyword arguments
(wrapped by components/shell.py page_layout), and defines its callbacks at module level."""
