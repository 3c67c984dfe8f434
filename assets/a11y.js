/* Accessible names for Dash 4 slider handles (role="slider" spans that dcc.Slider renders without one):
   the handle takes the text of its control's label. Served from assets/, so the CSP needs no inline script. */
(function () {
    function labelFor(thumb) {
        const box = thumb.closest('.dash-slider-container');
        if (!box) { return null; }
        const byFor = box.id && document.querySelector('label[for="' + CSS.escape(box.id) + '"]');
        const nearby = box.parentElement && box.parentElement.querySelector('label');
        const label = byFor || nearby;
        return label ? label.textContent.trim() : null;
    }
    function name(root) {
        root.querySelectorAll('[role="slider"]:not([aria-label])').forEach(function (thumb) {
            const text = labelFor(thumb);
            if (text) { thumb.setAttribute('aria-label', text); }
        });
        root.querySelectorAll('.dash-slider-container input[type="number"]:not([aria-label])').forEach(function (box) {
            const thumb = box.parentElement.querySelector('[role="slider"]');
            const text = thumb && labelFor(thumb);
            if (text) { box.setAttribute('aria-label', text + ' (value)'); }
        });
    }
    /* dcc.Upload's hidden file input: named after the drop zone's text. */
    function nameUploads(root) {
        root.querySelectorAll('input[type="file"]:not([aria-label])').forEach(function (input) {
            const zone = input.parentElement;
            input.setAttribute('aria-label', zone && zone.textContent.trim() ? zone.textContent.trim() : 'Upload a file');
        });
    }
    /* dcc.Dropdown's clear control is an <a> with an aria-label but no role. */
    function roleClear(root) {
        root.querySelectorAll('.dash-dropdown-clear:not([role])').forEach(function (a) { a.setAttribute('role', 'button'); });
    }
    /* Run after the page settles, and never for changes inside a chart (plotly redraws touch thousands
       of nodes; scanning the document on each would slow every slider move). */
    let pending = null;
    function run() {
        pending = null;
        name(document); nameUploads(document); roleClear(document);
    }
    new MutationObserver(function (records) {
        if (pending || records.every(function (r) { return r.target.closest && r.target.closest('.js-plotly-plot'); })) {
            return;
        }
        pending = (window.requestIdleCallback || setTimeout)(run, {timeout: 1000});
    }).observe(document.documentElement, {childList: true, subtree: true});
})();
