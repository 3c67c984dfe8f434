/* Clientside callbacks of the page frame (served from assets/, so the CSP needs no inline script). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    shell: {
        /* What "Copy link" copies: the address of the view on screen (pages keep their state in the URL). */
        currentAddress: function () {
            return window.location.href;
        }
    }
});
