/* Clientside callback of the scenarios page (served from assets/, so the CSP needs no inline script). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    scenarios: {
        /* Write the scenario's address to the URL, to the networks link and to the page's data-view
           (the router then knows the page shows this view), one frame after the answer
           that carried it: by then its charts are drawn, so writing the URL (history, dcc.Location and
           the callbacks that follow it, ~35 ms) no longer delays them. Nothing is written once the
           person has left the page (an answer that arrives late must not rewrite another page's URL). */
        address: function (address) {
            const skip = window.dash_clientside.no_update;
            const here = function () { return Boolean(address) && window.location.pathname === address.path; };
            if (!here()) {
                return [skip, skip, skip];
            }
            return new Promise(function (resolve) {
                window.requestAnimationFrame(function () {
                    setTimeout(function () {
                        resolve(here() ? [address.search, address.networks, address.view] : [skip, skip, skip]);
                    }, 0);
                });
            });
        }
    }
});
