/* Clientside callback of dashboard/components/grid.py (served from assets/, so the CSP needs no inline script). */
(function () {
    const ROWS = 'grid-rows';  // dashboard/ids.py Grid.ROWS
    const FAILED = {
        namespace: 'dash_html_components', type: 'Div',
        props: {className: 'alert alert-warning', role: 'alert',
                children: 'The table could not be loaded. Reload the page to try again; ' +
                          'the charts work without it.'}
    };
    let loading = null;

    /* AG Grid's bundle: the index leaves it out (dashboard/app.py) and names it in a meta tag. One
       request however many tables mount; a failed one is tried again by the next table. */
    function gridScript() {
        if (window.dash_ag_grid) { return Promise.resolve(true); }
        const meta = document.querySelector('meta[name="atlas-grid-script"]');
        if (!meta) { return Promise.resolve(false); }
        if (!loading) {
            loading = new Promise(function (resolve) {
                const tag = document.createElement('script');
                tag.src = meta.content;
                tag.onload = function () { resolve(Boolean(window.dash_ag_grid)); };
                tag.onerror = function () { tag.remove(); loading = null; resolve(false); };
                document.head.appendChild(tag);
            });
        }
        return loading;
    }

    /* A component of the page's layout by its id, or null (Dash's getLayout throws for an id it has not). */
    function inLayout(id) {
        const api = window.dash_component_api;
        try {
            return (api && api.getLayout && api.getLayout(id)) || null;
        } catch (error) {
            return null;
        }
    }

    /* The rows of the grid's latest update (components/grid.py rows_output): written to a store that
       is always in the page, also before the grid is. */
    function latestRows(id) {
        const node = inLayout({type: ROWS, grid: id});
        return node && node.props ? node.props.data : null;
    }

    /* The grid starts with the rows of any update made before it came, not with the page's first. */
    function latest(component) {
        const rows = latestRows(component.props.id);
        if (rows === null || rows === undefined) { return component; }
        return Object.assign({}, component, {props: Object.assign({}, component.props, {rowData: rows})});
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        grid: {
            /* Put a grid (its component, as the server built it) into its slot once the page's first chart
               is drawn and the frame showing it has been painted: AG Grid's bundle is then fetched and run,
               and the grid starts, after the charts, also when the chart code arrives late. A page whose
               chart never comes gets its grid after a few seconds (assets/charts.js). */
            mount: function (component) {
                if (!component || typeof component !== 'object') {
                    return window.dash_clientside.no_update;
                }
                return new Promise(function (resolve) {
                    window.atlasAfterFirstChart(function () {  // assets/charts.js
                        gridScript().then(function (ok) { resolve(ok ? latest(component) : FAILED); });
                    });
                });
            },
            /* An update's rows, to the grid once it is in the page (until then `mount` starts it with them). */
            rows: function (rows) {
                const context = window.dash_clientside.callback_context;
                const id = context.triggered_id ? context.triggered_id.grid
                    : JSON.parse(context.triggered[0].prop_id.replace(/\.data$/, '')).grid;
                if (rows && inLayout(id)) {
                    window.dash_clientside.set_props(id, {rowData: rows});
                }
            }
        }
    });
})();
