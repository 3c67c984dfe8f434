/* Clientside callback of dashboard/components/grid.py (served from assets/, so the CSP needs no inline script). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    grid: {
        /* Put a grid (its component, as the server built it) into its slot once the page's first chart is
           drawn and the frame showing it has been painted: AG Grid then starts after the charts, also when
           the chart code arrives late. A page whose chart never comes gets its grid after GIVE_UP_MS. */
        mount: function (component) {
            const GIVE_UP_MS = 3000;
            if (!component || typeof component !== 'object') {
                return window.dash_clientside.no_update;
            }
            return new Promise(function (resolve) {
                const drawn = function () { return document.querySelector('.js-plotly-plot .main-svg'); };
                const afterPaint = function () {
                    window.requestAnimationFrame(function () { setTimeout(function () { resolve(component); }, 0); });
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
