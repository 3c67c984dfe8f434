/* Every chart exports as PNG and as SVG, named after the chart's title. The title, units and source line
   are drawn in each figure (dashboard/figures/theme.py), so an exported image stays attributed.

   A mode-bar button's click handler is a function, which a figure's JSON config cannot carry, so the two
   buttons are set once as plotly.js's defaults for every chart (Plotly.setPlotConfig, its public API);
   dashboard/figures/maps.py GRAPH_CONFIG removes plotly's own camera button, which they replace. */
(function () {
    const Plotly = window.Plotly;
    if (!Plotly || !Plotly.setPlotConfig) { return; }

    function fileName(gd) {
        const title = gd.layout && gd.layout.title;
        const text = (title && (title.text || (typeof title === 'string' ? title : ''))) || 'chart';
        const slug = String(text).replace(/<[^>]*>/g, ' ').toLowerCase().replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '').slice(0, 80);
        return 'atlas-' + (slug || 'chart');
    }
    function button(format, title, icon) {
        return {name: 'download-' + format, title: title, icon: icon, click: function (gd) {
            Plotly.downloadImage(gd, {format: format, filename: fileName(gd), scale: format === 'png' ? 2 : 1});
        }};
    }
    Plotly.setPlotConfig({modeBarButtonsToAdd: [
        button('png', 'Download plot as a PNG (with its title and source line)', Plotly.Icons.camera),
        button('svg', 'Download plot as SVG (vector, for print and slides)', Plotly.Icons.disk),
    ]});
}());
