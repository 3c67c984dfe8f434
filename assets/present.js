/* Clientside callbacks of dashboard/components/shell.py. Copy link: the address bar is the view on screen;
   the answer is the button's status line. replaceAddress: the address as a page's notices corrected it. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {atlas: {copyLink: function () {
    const failed = () => 'Not copied: copy the address bar instead';
    return navigator.clipboard ? navigator.clipboard.writeText(window.location.href).then(() => 'Link copied', failed)
        : failed();
}, replaceAddress: function (search) {
    if (typeof search === 'string') { history.replaceState(history.state, '', location.pathname + search); }
    return window.dash_clientside.no_update;
}}});
/* Presenter mode (?present=1): what Dash has no way for. The server decides where a step leads
   (dashboard/components/present.py); this file presses the toolbar's buttons for the keys they name in
   data-keys (← → and a clicker's Page Up / Page Down), and asks for full screen, which a browser grants
   only in answer to the click itself. */
(function () {
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
            return;
        }
        event.preventDefault();
        button.click();
    });

    /* An upload over its limit (components/upload.py limited): dcc.Upload refuses it silently; say so. */
    function tooBig(event) {
        const zone = event.target.closest && event.target.closest('[data-max-bytes]');
        const files = event.dataTransfer ? event.dataTransfer.files : event.target.files;
        const big = zone && files && Array.from(files).find(f => f.size > Number(zone.dataset.maxBytes));
        if (big) { window.dash_clientside.set_props(zone.dataset.message, {children: big.name + ' ' + zone.dataset.tooBig}); }
    }
    document.addEventListener('change', tooBig, true);
    document.addEventListener('drop', tooBig, true);

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
}());
