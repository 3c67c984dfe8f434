/* Clientside callback of dashboard/components/grid.py (served from assets/, so the CSP needs no inline script). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    grid: {
        /* Put a grid (its component, as the server built it) into its slot once the frame after the page's
           first render has been painted: the page's charts are on screen before AG Grid starts. */
        mount: function (component) {
            if (!component || typeof component !== 'object') {
                return window.dash_clientside.no_update;
            }
            return new Promise(function (resolve) {
                window.requestAnimationFrame(function () {
                    setTimeout(function () { resolve(component); }, 0);
                });
            });
        }
    }
});
