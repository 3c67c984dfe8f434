/* Clientside callback of dashboard/components/charts.py: answers once the frame that shows the page's
   first chart has been painted, so that the charts sent after it are asked for only then. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    charts: {
        painted: function (mode) {
            const drawn = () => Array.from(document.querySelectorAll('.js-plotly-plot')).some(
                gd => gd.querySelector('.main-svg') && !(gd.layout && gd.layout.meta === 'atlas-later'));
            return new Promise(function (resolve) {
                // The "after next paint" idiom: an animation frame runs before the paint, a task after it.
                const after = () => requestAnimationFrame(() => setTimeout(() => resolve(Date.now()), 0));
                if (drawn()) { after(); return; }
                const observer = new MutationObserver(function () {
                    if (drawn()) { observer.disconnect(); clearTimeout(timer); after(); }
                });
                const timer = setTimeout(function () { observer.disconnect(); after(); }, 3000);  // no chart comes
                observer.observe(document.body, {childList: true, subtree: true});
            });
        }
    }
});
