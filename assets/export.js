/* Every chart exports as PNG (plotly's camera button) and as SVG (a second button added here), under a
   file name taken from the chart's title. The title, units and source line are part of each figure
   (dashboard/figures/theme.py), so an exported image stays attributed.

   Plotly's config cannot carry a custom button from Python (its click handler is a function), so the
   button is added where dcc.Graph hands its config to plotly.js. */
(function () {
    var Plotly = window.Plotly;
    if (!Plotly || Plotly.__atlasExport) { return; }

    function fileName(gd) {
        var title = gd && gd.layout && gd.layout.title;
        var text = (title && (title.text || (typeof title === 'string' ? title : ''))) || 'chart';
        var slug = String(text).replace(/<[^>]*>/g, ' ').toLowerCase().replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '').slice(0, 80);
        return 'atlas-' + (slug || 'chart');
    }

    var svgButton = {
        name: 'downloadSvg',
        title: 'Download plot as SVG (vector, for print and slides)',
        icon: Plotly.Icons.disk,
        click: function (gd) {
            Plotly.downloadImage(gd, {format: 'svg', filename: fileName(gd)});
        }
    };

    function withExport(config, gd) {
        var out = Object.assign({}, config || {});
        var added = (out.modeBarButtonsToAdd || []).filter(function (b) { return b && b.name !== 'downloadSvg'; });
        out.modeBarButtonsToAdd = added.concat([svgButton]);
        out.toImageButtonOptions = Object.assign({filename: fileName(gd)}, out.toImageButtonOptions || {});
        return out;
    }

    /* Plotly.react / newPlot take (gd, data, layout, config) or (gd, {data, layout, config}). */
    function wrap(name) {
        var original = Plotly[name];
        Plotly[name] = function (gd, data, layout, config) {
            if (data && !Array.isArray(data) && typeof data === 'object') {
                var figure = Object.assign({}, data);
                var element = typeof gd === 'string' ? document.getElementById(gd) : gd;
                figure.config = withExport(figure.config, {layout: figure.layout || (element && element.layout)});
                return original.call(this, gd, figure);
            }
            return original.call(this, gd, data, layout, withExport(config, {layout: layout}));
        };
    }

    wrap('react');
    wrap('newPlot');
    Plotly.__atlasExport = true;
}());
