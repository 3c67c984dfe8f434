/* Clientside callbacks of the page frame (served from assets/, so the CSP needs no inline script). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    shell: {
        /* What "Copy link" copies: the address of the view on screen (pages keep their state in the URL). */
        currentAddress: function () {
            return window.location.href;
        },
        /* The address the router should draw a page for, or no_update when the page on screen was made
           for this view (its data-view: dashboard/pages/__init__.py). Views are compared without the
           presenter-mode parameters, which assets/present.js adds to the addresses pages write, and
           with their parameters in order. */
        route: function (pathname, search, shown) {
            const view = function (path, query) {
                const params = new URLSearchParams(query || '');
                (window.atlasModeKeys || []).forEach(function (key) { params.delete(key); });
                params.sort();
                return (path || '/') + '?' + params.toString();
            };
            if (typeof shown === 'string' && shown) {
                const cut = shown.indexOf('?');
                const made = cut < 0 ? view(shown, '') : view(shown.slice(0, cut), shown.slice(cut));
                if (made === view(pathname, search)) {
                    return window.dash_clientside.no_update;
                }
            }
            return {pathname: pathname || '/', search: search || ''};
        }
    }
});
