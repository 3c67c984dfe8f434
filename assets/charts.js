/* Clientside callback of dashboard/components/charts.py (served from assets/, so the CSP needs no inline
   script), and the wait it shares with assets/grid.js: until the page's first chart is painted. */
(function () {
    const GIVE_UP_MS = 3000;
    const PLACEHOLDER = 'atlas-later';  // dashboard/components/charts.py PLACEHOLDER_META
    const latest = {};  // graph id -> the deferred figure it was last given (a page drawn again gives another)

    function isPlaceholder(gd) {
        return Boolean(gd.layout && gd.layout.meta === PLACEHOLDER);
    }
    /* A chart with its own figure (not a placeholder) that plotly has drawn. */
    function chartDrawn() {
        return Array.prototype.some.call(document.querySelectorAll('.js-plotly-plot'), function (gd) {
            return !isPlaceholder(gd) && gd.querySelector('.main-svg');
        });
    }
    /* Run `then` once the page's first chart is drawn and the frame showing it has been painted; a page
       whose chart never comes runs it after GIVE_UP_MS. */
    function afterFirstChart(then) {
        const afterPaint = function () {
            window.requestAnimationFrame(function () { setTimeout(then, 0); });
        };
        if (chartDrawn()) {
            afterPaint();
            return;
        }
        let timer = null;
        const observer = new MutationObserver(function () {
            if (chartDrawn()) {
                observer.disconnect();
                clearTimeout(timer);
                afterPaint();
            }
        });
        timer = setTimeout(function () { observer.disconnect(); afterPaint(); }, GIVE_UP_MS);
        observer.observe(document.body, {childList: true, subtree: true});
    }
    window.atlasAfterFirstChart = afterFirstChart;

    /* The figure a component of the page's layout holds now, or null (getLayout throws for an id it has not). */
    function currentFigure(id) {
        const api = window.dash_component_api;
        try {
            const node = api && api.getLayout && api.getLayout(id);
            return node && node.props ? node.props.figure : null;
        } catch (error) {
            return null;
        }
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        charts: {
            /* A deferred chart's figure, handed to the chart after the first chart is painted, unless an
               update has drawn the chart meanwhile (then that update's figure is the current one). */
            later: function (figure) {
                const context = window.dash_clientside.callback_context;
                const id = context.inputs_list[0].id.graph;
                const skip = window.dash_clientside.no_update;  // the declared output is never written
                if (!figure) { return skip; }
                latest[id] = figure;
                afterFirstChart(function () {
                    const current = currentFigure(id);
                    // Not if the page was drawn again meanwhile (Back, Forward): its own figure comes next.
                    if (latest[id] === figure && current && current.layout && current.layout.meta === PLACEHOLDER) {
                        window.dash_clientside.set_props(id, {figure: figure});
                    }
                });
                return skip;
            },
            /* Components (as the server built them) for a slot, once the first chart is painted. */
            mount: function (children) {
                if (children === null || children === undefined) {
                    return window.dash_clientside.no_update;
                }
                return new Promise(function (resolve) {
                    afterFirstChart(function () { resolve(children); });
                });
            }
        }
    });
})();
