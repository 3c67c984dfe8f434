/* Clientside callbacks of dashboard/components/grid.py: AG Grid's bundle, fetched once by the first
   page with a table (the index leaves it out), then the grid itself, with the latest rows written. */
(function () {
    const FAILED = {
        namespace: 'dash_html_components', type: 'Div',
        props: {className: 'alert alert-warning', role: 'alert',
                children: 'The table could not be loaded. Reload the page to try again; the charts work without it.'}
    };
    const latestRows = {};  // grid id -> the rows of its latest update
    let loading = null;

    function gridScript() {
        if (window.dash_ag_grid) { return Promise.resolve(true); }
        const meta = document.querySelector('meta[name="atlas-grid-script"]');
        if (!meta) { return Promise.resolve(false); }
        if (!loading) {
            loading = new Promise(function (resolve) {
                const tag = document.createElement('script');
                tag.src = meta.content;
                tag.onload = function () { resolve(Boolean(window.dash_ag_grid)); };
                tag.onerror = function () { tag.remove(); loading = null; resolve(false); };  // the next table tries again
                document.head.appendChild(tag);
            });
        }
        return loading;
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        grid: {
            mount: function (component) {
                if (!component || typeof component !== 'object') { return window.dash_clientside.no_update; }
                return gridScript().then(function (ok) {
                    const rows = latestRows[component.props.id];
                    return !ok ? FAILED : rows === undefined ? component
                        : Object.assign({}, component, {props: Object.assign({}, component.props, {rowData: rows})});
                });
            },
            rows: function (rows) {
                const id = window.dash_clientside.callback_context.triggered_id.grid;
                latestRows[id] = rows;
                if (rows && document.getElementById(id)) { window.dash_clientside.set_props(id, {rowData: rows}); }
            }
        }
    });
}());
