/* Presenter mode (?present=1) and embed mode (?embed=1) in the browser. Served from assets/, so the CSP
   needs no inline script. The server decides where a step leads (dashboard/components/present.py); this
   file reads the mode from the URL, keeps the mode's parameters in the URL, maps keys to the toolbar's
   buttons and navigates. */
(function () {
    /* The frame's own URL parameters: dashboard/views/present.py MODE_KEYS (a test keeps the two equal). */
    const MODE_KEYS = ['present', 'slide', 'embed', 'chart'];
    window.atlasModeKeys = MODE_KEYS;  /* the router compares views without them (assets/shell.js) */
    const nativePushState = window.history.pushState.bind(window.history);

    /* Pages rewrite their own query as the view changes (a click on the map: ?economy=CHN). In presenter or
       embed mode the new address keeps the mode's parameters, so the mode and "Copy link" survive; the
       slide number is kept only on the same page. */
    function keepMode(url) {
        const here = new URLSearchParams(window.location.search);
        if (url === undefined || url === null || !MODE_KEYS.some(key => here.has(key))) {
            return url;
        }
        const target = new URL(String(url), window.location.href);
        if (target.origin !== window.location.origin || MODE_KEYS.some(key => target.searchParams.has(key))) {
            return url;
        }
        const samePage = target.pathname === window.location.pathname;
        const kept = MODE_KEYS.filter(key => here.has(key) && (samePage || key !== 'slide'))
            .map(key => key + '=' + encodeURIComponent(here.get(key))).join('&');
        return target.pathname + (target.search ? target.search + '&' : '?') + kept + target.hash;
    }
    /* The mode's class on <html> (atlas-present, atlas-embed; assets/present.css), set here from the address
       rather than through a Dash output: an output on the app's root would redraw the whole app on every
       URL change (each slider move), and a CSS :has() rule on <html> would restyle the whole document on
       every change of the page (benchmarks/scenarios.py measured ~600 ms a move with either). */
    function markMode() {
        const query = new URLSearchParams(window.location.search);
        const was = presenting();
        for (const key of ['present', 'embed']) {
            document.documentElement.classList.toggle('atlas-' + key, query.get(key) === '1');
        }
        if (presenting() !== was) {
            redrawCharts();
        }
    }

    /* Chart type grows with the page's in presenter mode (the page's text is 125 %): each chart is drawn
       from its figure as the server sent it, with every font size scaled, and redrawn when the mode
       changes. Dash keeps its own copy of the figure; only what plotly draws is scaled. */
    const CHART_SCALE = 1.25;
    const Plotly = window.Plotly;
    function presenting() {
        return document.documentElement.classList.contains('atlas-present');
    }
    function scaledFont(font, size) {
        return Object.assign({}, font, {size: Math.round(((font && font.size) || size) * CHART_SCALE)});
    }
    function forMode(layout) {
        if (!layout || !presenting()) {
            return layout;
        }
        const out = Object.assign({}, layout, {font: scaledFont(layout.font, 12)});
        if (layout.title && typeof layout.title === 'object') {
            out.title = Object.assign({}, layout.title, {font: scaledFont(layout.title.font, 17)});
        }
        if (Array.isArray(layout.annotations)) {
            out.annotations = layout.annotations.map(a => Object.assign({}, a, {font: scaledFont(a.font, 12)}));
        }
        if (layout.legend) {
            out.legend = Object.assign({}, layout.legend, {font: scaledFont(layout.legend.font, 12)});
        }
        return out;
    }
    function wrapPlot(name) {
        const original = Plotly[name];
        Plotly[name] = function (gd, data, layout, config) {
            const element = typeof gd === 'string' ? document.getElementById(gd) : gd;
            if (data && !Array.isArray(data) && typeof data === 'object') {
                if (element) { element.__atlasLayout = data.layout; }
                return original.call(this, gd, Object.assign({}, data, {layout: forMode(data.layout)}));
            }
            if (element) { element.__atlasLayout = layout; }
            return original.call(this, gd, data, forMode(layout), config);
        };
    }
    function redrawCharts() {
        document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
            if (gd.__atlasLayout && gd.data) {
                Plotly.react(gd, gd.data, gd.__atlasLayout, gd._context);
            }
        });
    }
    if (Plotly && !Plotly.__atlasPresent) {
        wrapPlot('react');
        wrapPlot('newPlot');
        Plotly.__atlasPresent = true;
    }
    markMode();
    window.addEventListener('popstate', markMode);
    window.history.pushState = function (state, title, url) {
        const done = nativePushState(state, title, keepMode(url));
        markMode();
        return done;
    };

    /* Go to move.url inside the single-page app. dcc.Location follows popstate and the router draws the
       page when the path changes; a new view of the same page needs a load (its controls read the URL
       only when the page is drawn). move.render is false when only the mode changes. */
    function go(move) {
        if (!move || typeof move.url !== 'string') {
            return;
        }
        const target = new URL(move.url, window.location.href);
        if (target.origin !== window.location.origin) {
            return;
        }
        if (move.render && target.pathname === window.location.pathname) {
            window.location.assign(target.href);
            return;
        }
        nativePushState({}, '', target.pathname + target.search + target.hash);
        markMode();
        window.dispatchEvent(new PopStateEvent('popstate'));
    }

    /* A key named in a visible toolbar button's data-keys presses it (← → and a clicker's Page Up / Down). */
    document.addEventListener('keydown', function (event) {
        if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
            return;
        }
        if (event.target.closest && event.target.closest(
            'input, textarea, select, [contenteditable], [role="slider"], .dash-dropdown')) {
            return;
        }
        const button = Array.from(document.querySelectorAll('[data-keys]'))
            .find(b => b.dataset.keys.split(' ').includes(event.key));
        if (!button || button.disabled || button.offsetParent === null) {
            return;  // hidden: not in presenter mode
        }
        event.preventDefault();
        button.click();
    });

    /* Full screen needs the click itself (a browser allows it only in answer to a gesture). */
    document.addEventListener('click', function (event) {
        if (!event.target.closest || !event.target.closest('[data-full-screen]')) {
            return;
        }
        if (document.fullscreenElement) {
            document.exitFullscreen();
        } else if (document.documentElement.requestFullscreen) {
            document.documentElement.requestFullscreen().catch(function () { /* refused: stay windowed */ });
        }
    });

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        present: {
            go: function (move) {
                go(move);
            },
            /* The address for the server's slide position, only while presenting (see present.py). */
            presentingHref: function (href) {
                const query = new URL(href || window.location.href, window.location.href).searchParams;
                return query.get('present') === '1' ? href : window.dash_clientside.no_update;
            }
        }
    });
})();
