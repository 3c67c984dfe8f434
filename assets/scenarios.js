/* Clientside callbacks of the scenarios page (served from assets/, so the CSP needs no inline script). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    scenarios: {
        /* "now 70 %" beside a slider that differs from its baseline (the mark labelled ▲). */
        adoptionNow: function (value, marks) {
            const baseline = Object.keys(marks || {}).find(key => marks[key] === "▲");
            return value === undefined || value === null || String(value) === baseline ? "" : "now " + value + " %";
        }
    }
});
