/* A text alternative for every chart (WCAG 1.1.1): the chart's element gets role="figure", its title as
   aria-label, and a visually hidden summary written from the figure's own data (what kind of chart, how
   many items, the largest and smallest, the source line), rewritten on every redraw so that it follows a
   slider move. Served from assets/, so the CSP needs no inline script. */
(function () {
    const Plotly = window.Plotly;
    if (!Plotly || Plotly.__atlasDescribe) { return; }

    function plain(text) {
        return String(text === undefined || text === null ? '' : text).replace(/<br\s*\/?>/gi, ' ')
            .replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
    }
    function titleOf(layout) {
        const title = layout && layout.title;
        return plain(title && (title.text !== undefined ? title.text : title));
    }
    function axisTitle(axis) {
        return plain(axis && axis.title && (axis.title.text !== undefined ? axis.title.text : axis.title));
    }
    /* An axis's title: the annotation that stands for it where a chart draws it so (figures/theme.py
       axis_titles, AXIS_TITLE_NAMES), otherwise the axis's own title. */
    function axisTitleOf(layout, letter) {
        const drawn = (layout.annotations || []).filter(function (a) { return a && a.name === letter + ' axis title'; });
        if (drawn.length) { return plain(drawn[0].text); }
        /* plotly's full layout holds an editing placeholder ("Click to enter X axis title") where there is none. */
        const own = axisTitle(layout[letter + 'axis']);
        return layout._dfltTitle && own === plain(layout._dfltTitle[letter]) ? '' : own;
    }
    function number(v) {
        return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : String(+Number(v).toPrecision(3));
    }
    /* A data array as plotly holds it after its defaults (a list or a typed array), as a plain list. */
    function list(values) {
        return values && typeof values.length === 'number' && typeof values !== 'string' ? Array.from(values) : [];
    }
    /* Items of a trace as [label, value] pairs with a finite value. */
    function items(labels, values, names) {
        const out = [];
        labels = list(labels);
        names = names && list(names);
        list(values).forEach(function (v, i) {
            if (typeof v === 'number' && isFinite(v)) {
                out.push([plain((names && names[i]) || (labels && labels[i]) || ''), v]);
            }
        });
        return out;
    }
    function extremes(pairs, unit) {
        if (!pairs.length) { return ''; }
        const sorted = pairs.slice().sort(function (a, b) { return b[1] - a[1]; });
        const hi = sorted[0], lo = sorted[sorted.length - 1];
        const u = unit ? ' ' + unit : '';
        return ' Highest: ' + hi[0] + ' (' + number(hi[1]) + u + '); lowest: ' + lo[0] + ' (' + number(lo[1]) + u + ').';
    }
    function firstNames(trace) {
        const c = list(trace.customdata);
        return c.length && c[0] && typeof c[0] === 'object' && typeof c[0][0] === 'string'
            ? c.map(function (row) { return row && row[0]; }) : (list(trace.hovertext).length ? list(trace.hovertext) : null);
    }

    function summary(data, layout) {
        const traces = (data || []).filter(function (t) { return t && t.visible !== false && t.visible !== 'legendonly'; });
        const kinds = {};
        traces.forEach(function (t) { (kinds[t.type || 'scatter'] = kinds[t.type || 'scatter'] || []).push(t); });
        const parts = [];
        if (kinds.bar) {
            const pairs = [];
            kinds.bar.forEach(function (t) {
                const h = t.orientation === 'h';
                pairs.push.apply(pairs, items(h ? t.y : t.x, h ? t.x : t.y, null));
            });
            const h = kinds.bar[0].orientation === 'h';
            parts.push('Bar chart of ' + pairs.length + ' bars.' + extremes(pairs, axisTitleOf(layout, h ? 'x' : 'y')));
        }
        if (kinds.choropleth) {
            kinds.choropleth.forEach(function (t) {
                const bar = t.colorbar && axisTitle({title: t.colorbar.title});
                parts.push('World map shading ' + list(t.z).length + ' countries' + (bar ? ' by ' + bar : '') + '.' +
                           extremes(items(t.locations, t.z, firstNames(t)), ''));
            });
        }
        if (kinds.scattergeo) {
            let points = 0, lines = 0;
            kinds.scattergeo.forEach(function (t) {
                const n = list(t.lat).filter(function (v) { return v !== null && v !== undefined; }).length;
                if (String(t.mode || '').indexOf('lines') >= 0) { lines += 1; } else { points += n; }
            });
            parts.push('Map with ' + points + ' places' + (lines ? ' and ' + lines + ' line traces' : '') + '.');
        }
        if (kinds.scatter) {
            /* Traces that only label points drawn by other traces (no hover of their own) are not items. */
            const shown = kinds.scatter.filter(function (t) { return t.hoverinfo !== 'skip'; });
            const named = shown.filter(function (t) { return t.showlegend !== false && t.name; });
            const onlyLines = function (t) { return String(t.mode || '') === 'lines'; };
            const n = shown.filter(function (t) { return !onlyLines(t); }).reduce(function (sum, t) {
                return sum + list(t.x).filter(function (v) { return v !== null && v !== undefined; }).length;
            }, 0);
            const lines = shown.filter(onlyLines).length;
            const x = axisTitleOf(layout, 'x'), y = axisTitleOf(layout, 'y');
            parts.push('Chart of ' + n + ' points' + (lines ? ' and ' + lines + ' line traces' : '') +
                       (x ? ', ' + x : '') + (y ? ' against ' + y : '') +
                       (named.length ? '; groups: ' + named.map(function (t) { return plain(t.name); }).join(', ') : '') + '.');
        }
        (layout.annotations || []).forEach(function (a) {
            const text = plain(a && a.text);
            if (/^(source|modeled)/i.test(text)) { parts.push(text); }
        });
        return parts.join(' ');
    }

    let counter = 0;
    function describe(gd) {
        if (!gd || !gd.classList || !gd.classList.contains('js-plotly-plot')) { return; }
        /* What plotly drew: its full data and layout hold defaults and decoded (typed) arrays. */
        const layout = gd._fullLayout || gd.layout || {};
        const title = titleOf(layout);
        let note = gd.querySelector(':scope > .atlas-chart-summary');
        if (!note) {
            note = document.createElement('p');
            note.className = 'atlas-chart-summary visually-hidden';
            counter += 1;
            note.id = (gd.parentElement && gd.parentElement.id ? gd.parentElement.id : 'atlas-chart-' + counter) + '-summary';
            gd.insertBefore(note, gd.firstChild);
        }
        const text = summary(gd._fullData || gd.data, layout);
        if (note.textContent !== text) { note.textContent = text; }
        gd.setAttribute('role', 'figure');
        if (title) { gd.setAttribute('aria-label', title); }
        gd.setAttribute('aria-describedby', note.id);
    }

    function wrap(name) {
        const original = Plotly[name];
        Plotly[name] = function (gd) {
            const done = original.apply(this, arguments);
            const element = typeof gd === 'string' ? document.getElementById(gd) : gd;
            /* Written after the frame that shows the chart, so that it is not on the way to a first chart
               or a slider's redraw (~25 ms on a cold page). */
            Promise.resolve(done).then(function () {
                window.requestAnimationFrame(function () { setTimeout(function () { describe(element); }, 0); });
            }, function () { /* plotly reports its own errors */ });
            return done;
        };
    }
    wrap('react');
    wrap('newPlot');
    Plotly.__atlasDescribe = true;
}());
