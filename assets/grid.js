/* Clientside callback of dashboard/components/grid.py (served from assets/, so the CSP needs no inline script). */
(function () {
    const GIVE_UP_MS = 3000;
    const FAILED = {
        namespace: 'dash_html_components', type: 'Div',
        props: {className: 'alert alert-warning', role: 'alert',
                children: 'The table could not be loaded. Reload the page to try again; ' +
                          'the charts and the CSV download do not need it.'}
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

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        grid: {
            /* Put a grid (its component, as the server built it) into its slot once the page's first chart
               is drawn and the frame showing it has been painted: AG Grid's bundle is then fetched and run,
               and the grid starts, after the charts, also when the chart code arrives late. A page whose
               chart never comes gets its grid after GIVE_UP_MS. */
            mount: function (component) {
                if (!component || typeof component !== 'object') {
                    return window.dash_clientside.no_update;
                }
                return new Promise(function (resolve) {
                    const drawn = function () { return document.querySelector('.js-plotly-plot .main-svg'); };
                    const afterPaint = function () {
                        window.requestAnimationFrame(function () {
                            setTimeout(function () {
                                gridScript().then(function (ok) { resolve(ok ? component : FAILED); });
                            }, 0);
                        });
                    };
                    if (drawn()) {
                        afterPaint();
                        return;
                    }
                    let timer = null;
                    const observer = new MutationObserver(function () {
                        if (drawn()) {
                            observer.disconnect();
                            clearTimeout(timer);
                            afterPaint();
                        }
                    });
                    timer = setTimeout(function () { observer.disconnect(); afterPaint(); }, GIVE_UP_MS);
                    observer.observe(document.body, {childList: true, subtree: true});
                });
            }
        }
    });
})();
