(function () {
  'use strict';
  // mirage report: draws every scaling curve on demand from the numbers in #mirage-data (CurvesSection.java: the
  // same numbers Java draws the figure files from), with the axes of Axis.java and the layout of PlotPainter.java
  // (ported below; keep them in step), finds curves by words, overlays families, and renders sortable, filterable
  // tables. All untrusted text goes through textContent / setAttribute, never through HTML parsing.
  var NS = 'http://www.w3.org/2000/svg';
  var L = {LEFT: 56, RIGHT: 12, TOP: 22, SUBTITLE: 12, BOTTOM: 38, TICK: 10, LABEL: 11, TITLE: 12, LEGEND: 9.5, MARKER: 3.2};
  var W = 300, H = 230;
  var GRID = '#E5E5E5', GREY = '#666666', LIGHT = '#BBBBBB';
  var clipSeq = 0;

  function chars(s) { return Array.from(s || ''); }
  function textWidth(s, size) { return chars(s).length * size * 0.56; }
  function fit(s, size, width) {
    s = s || '';
    if (textWidth(s, size) <= width) return s;
    var keep = Math.max(1, Math.floor(width / (size * 0.56)) - 1);
    var c = chars(s);
    return c.slice(0, Math.min(keep, c.length)).join('') + '\u2026';
  }
  function tr(scale, v) {
    if (scale === 'log') return v > 0 ? Math.log10(v) : NaN;
    if (scale === 'symlog') return Math.sign(v) * Math.log10(1 + Math.abs(v));
    return v;
  }
  function frac(ax, v) {
    if (v === null || v === undefined) return NaN;
    var a = tr(ax.scale, ax.min), b = tr(ax.scale, ax.max);
    return (tr(ax.scale, v) - a) / (b - a);
  }
  function r2(v) { return Math.round(v * 100) / 100; }
  function svgEl(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] !== null && attrs[k] !== undefined) {
        e.setAttribute(k, typeof attrs[k] === 'number' ? String(r2(attrs[k])) : String(attrs[k]));
      }
    }
    if (parent) parent.appendChild(e);
    return e;
  }
  function safeColor(c) { return /^#[0-9A-Fa-f]{6}$/.test(c || '') ? c : '#000000'; }

  // The canvas of the page: the primitives of Canvas.java drawn as SVG DOM.
  function Canvas(root) { this.stack = [root]; }
  Canvas.prototype.top = function () { return this.stack[this.stack.length - 1]; };
  Canvas.prototype.stroke = function (a, color, width, dashed) {
    a.stroke = safeColor(color); a['stroke-width'] = width;
    if (dashed) a['stroke-dasharray'] = '4 3';
    return a;
  };
  Canvas.prototype.line = function (x1, y1, x2, y2, color, width, dashed) {
    svgEl('line', this.stroke({x1: x1, y1: y1, x2: x2, y2: y2}, color, width, dashed), this.top());
  };
  Canvas.prototype.polyline = function (xs, ys, n, color, width, dashed) {
    var pts = [];
    for (var i = 0; i < n; i++) pts.push(r2(xs[i]) + ',' + r2(ys[i]));
    svgEl('polyline', this.stroke({fill: 'none', 'stroke-linejoin': 'round', points: pts.join(' ')}, color, width, dashed), this.top());
  };
  Canvas.prototype.group = function (cls, tip) {
    var g = svgEl('g', {'class': cls}, this.top());
    if (tip !== null && tip !== undefined) svgEl('title', {}, g).textContent = tip;
    return g;
  };
  Canvas.prototype.poly = function (g, xs, ys, a) {
    var pts = [];
    for (var i = 0; i < xs.length; i++) pts.push(r2(xs[i]) + ',' + r2(ys[i]));
    a.points = pts.join(' ');
    svgEl('polygon', a, g);
  };
  Canvas.prototype.marker = function (x, y, shape, r, color, filled, tip) {
    var g = this.group('pt', tip);
    var a = this.stroke({fill: filled ? safeColor(color) : '#FFFFFF'}, color, 1.2, false);
    if (shape === 'square') {
      a.x = x - r * 0.9; a.y = y - r * 0.9; a.width = r * 1.8; a.height = r * 1.8;
      svgEl('rect', a, g);
    } else if (shape === 'diamond') {
      this.poly(g, [x, x + r * 1.2, x, x - r * 1.2], [y - r * 1.2, y, y + r * 1.2, y], a);
    } else if (shape === 'triangle') {
      this.poly(g, [x, x + r * 1.15, x - r * 1.15], [y - r * 1.2, y + r, y + r], a);
    } else {
      a.cx = x; a.cy = y; a.r = r;
      svgEl('circle', a, g);
    }
  };
  Canvas.prototype.edgeMarker = function (x, y, up, r, color, tip) {
    var g = this.group('pt edge', tip);
    var d = up ? -1 : 1;
    this.poly(g, [x - r, x + r, x], [y - d * r, y - d * r, y + d * r * 0.6], this.stroke({fill: '#FFFFFF'}, color, 1.2, false));
  };
  Canvas.prototype.rect = function (x, y, w, h, fill, stroke, sw) {
    var a = {x: x, y: y, width: w, height: h, fill: fill ? safeColor(fill) : 'none'};
    if (stroke) this.stroke(a, stroke, sw, false);
    svgEl('rect', a, this.top());
  };
  Canvas.prototype.text = function (x, y, s, size, anchor, bold, color, rotate) {
    var a = {x: x, y: y, 'font-size': size, 'text-anchor': anchor, fill: safeColor(color)};
    if (bold) a['font-weight'] = 'bold';
    if (rotate) a.transform = 'rotate(' + r2(rotate) + ' ' + r2(x) + ' ' + r2(y) + ')';
    svgEl('text', a, this.top()).textContent = s;
  };
  Canvas.prototype.power = function (x, y, base, exp, size, anchor, color) {
    var t = svgEl('text', {x: x, y: y, 'font-size': size, 'text-anchor': anchor, fill: safeColor(color)}, this.top());
    t.appendChild(document.createTextNode(base));
    svgEl('tspan', {dy: -size * 0.45, 'font-size': size * 0.75}, t).textContent = exp;
  };
  Canvas.prototype.clip = function (x, y, w, h) {
    var id = 'jsclip' + (clipSeq++);
    var cp = svgEl('clipPath', {id: id}, this.top());
    svgEl('rect', {x: x, y: y, width: w, height: h}, cp);
    this.stack.push(svgEl('g', {'clip-path': 'url(#' + id + ')'}, this.top()));
  };
  Canvas.prototype.unclip = function () { this.stack.pop(); };
  Canvas.prototype.begin = function (cls, tip) { this.stack.push(this.group(cls, tip)); };
  Canvas.prototype.end = function () { this.stack.pop(); };

  function scaleNote(ax, vertical) {
    if (ax.scale === 'log') return vertical ? ' (log)' : ' (log scale)';
    if (ax.scale === 'symlog') return vertical ? ' (symlog)' : ' (symmetric log scale)';
    return '';
  }
  function tickLabel(c, t, x, y, anchor, maxWidth) {
    if (t[2] === null || t[2] === undefined) c.text(x, y, fit(t[1], L.TICK, maxWidth), L.TICK, anchor, false, '#333333', 0);
    else c.power(x, y, t[1], t[2], L.TICK, anchor, '#333333');
  }
  function num(v) { return v === null || v === undefined ? NaN : v; }

  // Port of PlotPainter.paint.
  function paintPlot(p, c, ox, oy, w, h) {
    c.begin('panel', p.title ? p.title + (p.subtitle ? ' \u2014 ' + p.subtitle : '') : null);
    var legendW = p.legendOutside ? legendWidth(p, w) : 0;
    var left = ox + p.left, right = ox + w - L.RIGHT - (legendW > 0 ? legendW + 8 : 0);
    var top = oy + L.TOP + (p.subtitle ? L.SUBTITLE : 0), bottom = oy + h - L.BOTTOM;
    var pw = right - left, ph = bottom - top;
    c.rect(ox, oy, w, h, '#FFFFFF', null, 0);
    c.text(left + pw / 2, oy + 14, fit(p.title, L.TITLE, pw + 2 * L.RIGHT - 8), L.TITLE, 'middle', true, '#222222', 0);
    if (p.subtitle) c.text(left + pw / 2, oy + 14 + L.SUBTITLE, fit(p.subtitle, L.TICK - 1, pw + 2 * L.RIGHT - 8), L.TICK - 1, 'middle', false, GREY, 0);
    var xa = p.x, ya = p.y, i, f;
    ya.ticks.forEach(function (t) {
      var f = frac(ya, t[0]);
      if (!(f >= -1e-9 && f <= 1 + 1e-9)) return;
      var y = bottom - f * ph;
      c.line(left, y, right, y, GRID, 1, false);
      c.line(left - 4, y, left, y, GREY, 1, false);
      tickLabel(c, t, left - 6, y + L.TICK * 0.35, 'end', p.left - 10);
    });
    xa.ticks.forEach(function (t) {
      var f = frac(xa, t[0]);
      if (!(f >= -1e-9 && f <= 1 + 1e-9)) return;
      var x = left + f * pw;
      c.line(x, top, x, bottom, GRID, 1, false);
      c.line(x, bottom, x, bottom + 4, GREY, 1, false);
      tickLabel(c, t, x, bottom + 6 + L.TICK, 'middle', Infinity);
    });
    c.rect(left, top, pw, ph, null, GREY, 1);
    c.text(left + pw / 2, oy + h - 6, fit(xa.label + scaleNote(xa, false), L.LABEL, pw), L.LABEL, 'middle', false, '#222222', 0);
    c.text(ox + 13, top + ph / 2, axisLabel(ya.label, scaleNote(ya, true), ph), L.LABEL, 'middle', false, '#222222', -90);
    var occupied = [];
    c.clip(left, top, pw, ph);
    p.layers.forEach(function (l) {
      if (l.type === 'ref') {
        var f = frac(ya, num(l.y));
        if (f >= 0 && f <= 1) {
          var y = bottom - f * ph;
          c.line(left, y, right, y, l.color, 1.2, l.dashed);
          if (l.label) c.text(right - 3, y - 3, l.label, L.TICK - 1, 'end', false, l.color, 0);
        }
      } else if (l.type === 'line') {
        var px = [], py = [], n = 0;
        for (var i = 0; i < l.xs.length; i++) {
          var fx = frac(xa, num(l.xs[i])), fy = frac(ya, num(l.ys[i]));
          if (isFinite(fx) && isFinite(fy)) {
            px[n] = left + fx * pw; py[n] = bottom - fy * ph; occupied.push([px[n], py[n]]); n++;
          } else {
            if (n > 1) c.polyline(px, py, n, l.color, l.width, l.dashed);
            n = 0;
          }
        }
        if (n > 1) c.polyline(px, py, n, l.color, l.width, l.dashed);
      } else if (l.type === 'markers') {
        for (var j = 0; j < l.xs.length; j++) {
          var fx2 = frac(xa, num(l.xs[j]));
          if (!(fx2 >= -1e-9 && fx2 <= 1 + 1e-9)) continue;
          var x = left + fx2 * pw;
          var lo = l.lo ? num(l.lo[j]) : NaN, hi = l.hi ? num(l.hi[j]) : NaN;
          if (isFinite(lo) && isFinite(hi)) {
            var flo = frac(ya, lo), fhi = frac(ya, hi);
            var ylo = isFinite(flo) ? bottom - Math.max(-0.05, flo) * ph : bottom + 2;
            var yhi = isFinite(fhi) ? bottom - Math.min(1.05, fhi) * ph : bottom + 2;
            if (ylo > yhi + 0.5) {
              c.line(x, ylo, x, yhi, l.color, 1, false);
              c.line(x - 2.5, ylo, x + 2.5, ylo, l.color, 1, false);
              c.line(x - 2.5, yhi, x + 2.5, yhi, l.color, 1, false);
            }
          }
        }
      }
    });
    c.unclip();
    p.layers.forEach(function (l) {
      if (l.type !== 'markers') return;
      for (var i = 0; i < l.xs.length; i++) {
        var fx = frac(xa, num(l.xs[i])), yv = num(l.ys[i]);
        if (!(fx >= -1e-9 && fx <= 1 + 1e-9) || isNaN(yv)) continue;
        var x = left + fx * pw, fy = frac(ya, yv);
        var tip = l.tips ? l.tips[i] : null;
        if (isNaN(fy) || fy < -1e-9) {
          c.edgeMarker(x, bottom - 1, false, L.MARKER + 0.6, l.color, tip === null ? null : tip + ' (below the axis)');
          occupied.push([x, bottom]);
        } else if (fy > 1 + 1e-9) {
          c.edgeMarker(x, top + 1, true, L.MARKER + 0.6, l.color, tip === null ? null : tip + ' (above the axis)');
          occupied.push([x, top]);
        } else {
          var y = bottom - fy * ph;
          c.marker(x, y, l.shape, L.MARKER, l.color, l.filled, tip);
          occupied.push([x, y]);
        }
      }
    });
    if (p.legendOutside) legendAt(p, c, right + 8, top, legendW - 26);
    else legend(p, c, left, top, pw, ph, occupied);
    c.end();
  }

  // PlotPainter.axisLabel: the label with its scale note when both fit, else the label alone, else shortened.
  function axisLabel(label, note, room) {
    if (textWidth(label + note, L.LABEL) <= room) return label + note;
    return fit(label, L.LABEL, room);
  }
  function legendWidth(p, w) {
    var width = 0;
    p.layers.forEach(function (l) {
      if ((l.type === 'line' || l.type === 'markers') && l.name) width = Math.max(width, textWidth(fit(l.name, L.LEGEND, w / 3 - 26), L.LEGEND));
    });
    return width === 0 ? 0 : width + 26;
  }
  function legendEntry(c, l, x0, y, room) {
    if (l.type === 'line') c.line(x0, y, x0 + 16, y, l.color, l.width, l.dashed);
    else c.marker(x0 + 8, y, l.shape, L.MARKER, l.color, l.filled, null);
    c.text(x0 + 20, y + L.LEGEND * 0.35, fit(l.name, L.LEGEND, room), L.LEGEND, 'start', false, '#222222', 0);
  }
  function legendAt(p, c, x, y, room) {
    var entries = p.layers.filter(function (l) { return (l.type === 'line' || l.type === 'markers') && l.name; });
    if (!entries.length) return;
    var row = L.LEGEND + 3.5, yy = y + row / 2;
    c.begin('legend', null);
    entries.forEach(function (l) { legendEntry(c, l, x, yy, room); yy += row; });
    c.end();
  }

  function legend(p, c, left, top, pw, ph, occupied) {
    var entries = [], width = 0;
    p.layers.forEach(function (l) {
      if ((l.type === 'line' || l.type === 'markers') && l.name) {
        entries.push(l);
        width = Math.max(width, textWidth(fit(l.name, L.LEGEND, pw * 0.6), L.LEGEND));
      }
    });
    if (!entries.length) return;
    var row = L.LEGEND + 3.5, bw = width + 26, bh = entries.length * row + 5;
    var corners = [[left + pw - bw - 4, top + 4], [left + 4, top + 4], [left + pw - bw - 4, top + ph - bh - 4], [left + 4, top + ph - bh - 4]];
    var best = corners[0], bestCount = Infinity;
    corners.forEach(function (k) {
      var count = 0;
      occupied.forEach(function (o) {
        if (o[0] >= k[0] - 3 && o[0] <= k[0] + bw + 3 && o[1] >= k[1] - 3 && o[1] <= k[1] + bh + 3) count++;
      });
      if (count < bestCount) { bestCount = count; best = k; }
    });
    c.begin('legend', null);
    c.rect(best[0], best[1], bw, bh, '#FFFFFF', LIGHT, 0.8);
    var y = best[1] + 3 + row / 2;
    entries.forEach(function (l) {
      var x0 = best[0] + 4;
      if (l.type === 'line') c.line(x0, y, x0 + 16, y, l.color, l.width, l.dashed);
      else c.marker(x0 + 8, y, l.shape, L.MARKER, l.color, l.filled, null);
      c.text(x0 + 20, y + L.LEGEND * 0.35, fit(l.name, L.LEGEND, pw * 0.6), L.LEGEND, 'start', false, '#222222', 0);
      y += row;
    });
    c.end();
  }

  function plotSvg(plot, metric, width, height) {
    var w = width || W, hh = height || H;
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('class', 'plot');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hh);
    svg.setAttribute('role', 'img');
    svg.setAttribute('font-family', 'DejaVu Sans, Helvetica, Arial, sans-serif');
    svg.setAttribute('data-metric', metric);
    paintPlot(plot, new Canvas(svg), 0, 0, w, hh);
    return svg;
  }

  // ------------------------------------------------------------------ axes (port of Axis.java)
  var BLUE = '#0072B2', VERMILLION = '#D55E00', GREY_REF = '#666666', LIGHT_GREY = '#BBBBBB';
  var SERIES = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#000000'];
  var SHAPES = ['circle', 'square', 'diamond', 'triangle'];

  function niceStep(raw) {
    if (!(raw > 0) || !isFinite(raw)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var m = raw / p;
    var n = m <= 1 + 1e-9 ? 1 : m <= 2 + 1e-9 ? 2 : m <= 5 + 1e-9 ? 5 : 10;
    return n * p;
  }
  function roundTo(v, step) {
    var decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
    return Number(v.toFixed(Math.min(decimals, 15)));
  }
  function stripZeros(s) { return s.indexOf('.') >= 0 ? s.replace(/0+$/, '').replace(/\.$/, '') : s; }
  // Axis.format: as few decimals as the step needs; 2e-5 style below 1e-3 and from 1e6 on.
  function axisFormat(v, step) {
    if (v === 0) return '0';
    var a = Math.abs(v);
    if (a < 1e-3 || a >= 1e6) {
      var parts = v.toExponential(2).split('e');
      return stripZeros(parts[0]) + 'e' + parseInt(parts[1], 10);
    }
    var decimals = Math.max(0, -Math.floor(Math.log10(Math.abs(step)) + 1e-9));
    return stripZeros(v.toFixed(decimals));
  }
  function linearTicks(min, max, step) {
    var ticks = [];
    var first = Math.ceil(min / step - 1e-9), last = Math.floor(max / step + 1e-9);
    for (var i = first; i <= last && ticks.length < 50; i++) {
      var v = roundTo(i * step, step);
      ticks.push([v, axisFormat(v, step), null]);
    }
    return ticks;
  }
  function linearAxis(label, lo, hi, includeZero) {
    if (lo > hi) { lo = 0; hi = 1; }
    if (includeZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
    if (hi === lo) {
      var pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad; hi += pad;
      if (includeZero && lo < 0 && hi - pad >= 0) lo = 0;
    }
    var step = niceStep((hi - lo) / 5);
    var min = Math.floor(lo / step + 1e-9) * step;
    var max = Math.ceil(hi / step - 1e-9) * step;
    if (max <= min) max = min + step;
    return {label: label, scale: 'linear', min: roundTo(min, step), max: roundTo(max, step), ticks: linearTicks(min, max, step)};
  }
  function logAxis(label, lo, hi) {
    if (lo > hi) { lo = 0.1; hi = 1; }
    var a = Math.floor(Math.log10(lo) + 1e-9), b = Math.ceil(Math.log10(hi) - 1e-9);
    if (b <= a) a = b - 1;
    var ticks = [], decades = b - a;
    var every = decades <= 6 ? 1 : Math.ceil(decades / 6);
    var plain = a >= -2 && b <= 3;
    for (var e = a; e <= b; e++) {
      if ((e - a) % every === 0) {
        var v = Math.pow(10, e);
        ticks.push(plain ? [v, axisFormat(v, v), null] : [v, '10', String(e)]);
      }
    }
    if (decades === 1) {
      var base = Math.pow(10, a);
      ticks.splice(1, 0, [2 * base, axisFormat(2 * base, 2 * base), null]);
      ticks.splice(2, 0, [5 * base, axisFormat(5 * base, 5 * base), null]);
    }
    return {label: label, scale: 'log', min: Math.pow(10, a), max: Math.pow(10, b), ticks: ticks};
  }
  function autoAxis(label, scale, values, includeZero) {
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (v) {
      if (v === null || v === undefined || !isFinite(v) || (scale === 'log' && v <= 0)) return;
      lo = Math.min(lo, v); hi = Math.max(hi, v);
    });
    return scale === 'log' ? logAxis(label, lo, hi) : linearAxis(label, lo, hi, includeZero);
  }
  // Charts.includeZero
  function includeZero(vs) {
    var lo = Infinity, hi = -Infinity;
    vs.forEach(function (v) { if (v !== null && v !== undefined && isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    if (lo > hi) return true;
    if (lo >= 0) return lo <= 2 * (hi - lo) || lo === 0;
    if (hi <= 0) return -hi <= 2 * (hi - lo) || hi === 0;
    return true;
  }
  // Charts.fmt: numbers in tooltips and captions (2e11 for large ones).
  function fmt(v) {
    if (v === null || v === undefined || isNaN(v)) return 'NaN';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
    if (v === Math.round(v) && Math.abs(v) < 1e6) return String(v);
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e6) {
      var r = Math.abs(Number(v.toPrecision(4))), e = Math.floor(Math.log10(r));
      if (e >= 4) {
        var p = v.toExponential(3).split('e'), ex = parseInt(p[1], 10);
        return p[0] + 'e' + (ex < 0 ? '-' : '+') + (Math.abs(ex) < 10 ? '0' : '') + Math.abs(ex);
      }
      return stripZeros(v.toFixed(Math.max(0, 3 - e)));
    }
    var parts = v.toExponential(3).split('e');
    return stripZeros(parts[0]) + 'e' + parseInt(parts[1], 10);
  }

  // ------------------------------------------------------------------ helpers for HTML
  function h(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      if (k === 'className') e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  // Numbers in tables: 4 significant digits; integers of a million and more as 2e11 (the exact value in the tooltip).
  function fmtNum(v) {
    if (typeof v === 'string') return v;
    if (v === null || v === undefined || (typeof v === 'number' && isNaN(v))) return '';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
    return String(Number(v.toPrecision(4)));
  }
  function words(q) { return (q || '').toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; }); }
  function matches(hay, ws) {
    hay = hay.toLowerCase();
    for (var i = 0; i < ws.length; i++) if (hay.indexOf(ws[i]) < 0) return false;
    return true;
  }
  function pager(container, page, pages, onPage) {
    container.textContent = '';
    if (pages <= 1) return;
    var prev = h('button', {type: 'button', className: 'prev'}, '\u2190 previous');
    prev.disabled = page <= 0;
    prev.addEventListener('click', function () { onPage(page - 1); });
    var next = h('button', {type: 'button', className: 'next'}, 'next \u2192');
    next.disabled = page >= pages - 1;
    next.addEventListener('click', function () { onPage(page + 1); });
    container.appendChild(prev);
    container.appendChild(h('span', {className: 'pageno'}, ' page ' + (page + 1) + ' of ' + pages + ' '));
    container.appendChild(next);
  }
  function parseNum(s) {
    if (s === null || s === undefined) return NaN;
    var t = String(s).trim().toLowerCase();
    if (t === '') return NaN;
    if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
    if (t === '-inf' || t === '-infinity') return -Infinity;
    return Number(t);
  }
  function slug(s) { return String(s || '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40); }

  // ------------------------------------------------------------------ the curves (CurvesSection.encode)
  var DATA = null, C = null, GROUPS = [];

  // A group of the data as objects, decoded once when first needed.
  function decodeGroup(i) {
    var d = C.g[i], S = C.s, ps = C.p[d[8]];
    var g = {index: i, family: S[d[0]], task: S[d[1]], labels: S[d[2]], axis: S[d[3]], axisTitle: S[d[4]],
      left: d[5], right: d[6], figure: d[7] >= 0 ? S[d[7]] : null,
      models: ps[0].map(function (k) { return S[k]; }), scales: ps[1], curves: []};
    d[9].forEach(function (c) {
      // bounds: [half-widths] around the values, or [lows, highs] (Charts.points), or null
      var b = c[12], lo = null, hi = null;
      if (b && b.length === 1) {
        lo = c[11].map(function (y, k) { return y === null || b[0][k] === null ? null : y - b[0][k]; });
        hi = c[11].map(function (y, k) { return y === null || b[0][k] === null ? null : y + b[0][k]; });
      } else if (b) {
        lo = b[0]; hi = b[1];
      }
      g.curves.push({name: S[c[0]], smooth: c[1] === 1, nature: S[c[2]], proportion: c[3] === 1, logDefault: c[4] === 1,
        es: c[5], esLower: c[6], flag: c[7], status: c[8] >= 0 ? S[c[8]] : '', flip: c[9], intervals: S[c[10]],
        ys: c[11], lo: lo, hi: hi, n: c[13], chance: c[14]});
    });
    return g;
  }
  function group(i) {
    if (!GROUPS[i]) GROUPS[i] = decodeGroup(i);
    return GROUPS[i];
  }
  function groupCount() { return C ? C.g.length : 0; }
  var HAY = [];
  function haystack(i) {
    if (HAY[i] === undefined) {
      var d = C.g[i], S = C.s;
      HAY[i] = (S[d[0]] + ' ' + S[d[1]] + ' ' + S[d[2]] + ' ' + d[9].map(function (c) { return S[c[0]]; }).join(' ')).toLowerCase();
    }
    return HAY[i];
  }
  function metricIndex(g, name) {
    for (var i = 0; i < g.curves.length; i++) if (g.curves[i].name === name) return i;
    return -1;
  }
  function groupAxis(g) {
    if (!g.xAxis) g.xAxis = autoAxis(g.axisTitle, 'log', g.scales, false);
    return g.xAxis;
  }
  function logable(c) {
    var positive = false;
    for (var i = 0; i < c.ys.length; i++) {
      var v = c.ys[i];
      if (v === null) continue;
      if (v < 0) return false;
      if (v > 0) positive = true;
    }
    return positive;
  }
  function nAt(c, i) { return Array.isArray(c.n) ? c.n[i] : c.n; }
  // The points of curve c of group g, as Charts.points gives them.
  function pointsOf(g, c) {
    var p = {models: [], xs: [], ys: [], lo: [], hi: [], n: []};
    for (var i = 0; i < g.scales.length; i++) {
      if (c.ys[i] === null || c.ys[i] === undefined) continue;
      p.models.push(g.models[i]); p.xs.push(g.scales[i]); p.ys.push(c.ys[i]);
      p.lo.push(c.lo ? num(c.lo[i]) : NaN); p.hi.push(c.hi ? num(c.hi[i]) : NaN);
      var n = nAt(c, i);
      p.n.push(n === null || n === undefined ? NaN : n);
    }
    return p;
  }
  // Port of Charts.scaling: one metric's curve with intervals, chance level and resolution floor 1/n.
  function scalingPlot(g, ci, logY) {
    var c = g.curves[ci];
    var key = ci + (logY ? 'L' : 'l');
    g.plots = g.plots || {};
    if (g.plots[key]) return g.plots[key];
    var p = pointsOf(g, c), k = p.xs.length, floor = [], tips = [], anyFloor = false, range = [];
    for (var i = 0; i < k; i++) {
      var n = p.n[i];
      floor.push(c.proportion && n >= 1 ? 1 / n : NaN);
      anyFloor = anyFloor || isFinite(floor[i]);
      range.push(p.ys[i], p.lo[i], p.hi[i]);
      var tip = (p.models[i] === '' ? fmt(p.xs[i]) : p.models[i]) + ': ' + fmt(p.ys[i]);
      if (isFinite(n)) tip += ' (n=' + fmt(n) + ')';
      if (isFinite(p.lo[i])) tip += ', interval [' + fmt(p.lo[i]) + ', ' + fmt(p.hi[i]) + ']';
      tips.push(tip + ' at ' + fmt(p.xs[i]));
    }
    var chance = num(c.chance);
    range.push(chance);
    if (logY) floor.forEach(function (f) { range.push(f); });
    var y = logY ? autoAxis(c.name, 'log', range, false) : autoAxis(c.name, 'linear', range, includeZero(range));
    var color = c.smooth ? BLUE : VERMILLION, layers = [];
    if (isFinite(chance)) layers.push({type: 'ref', y: chance, label: 'chance', color: GREY_REF, dashed: true});
    if (anyFloor) layers.push({type: 'line', name: 'resolution 1/n', xs: p.xs, ys: floor, color: LIGHT_GREY, width: 1.2, dashed: true});
    layers.push({type: 'line', name: '', xs: p.xs, ys: p.ys, color: color, width: 1.6, dashed: false});
    layers.push({type: 'markers', name: '', xs: p.xs, ys: p.ys, lo: p.lo, hi: p.hi, color: color, shape: 'circle', filled: true, tips: tips});
    var plot = {title: c.name, subtitle: c.nature, x: groupAxis(g), y: y, layers: layers, left: L.LEFT, legendOutside: false};
    g.plots[key] = plot;
    return plot;
  }

  // ------------------------------------------------------------------ the cards
  var panelState = {page: 0, filter: '', pinned: -1, pinnedMetric: null};

  function slot(g, initial) {
    var fig = h('figure', {className: 'slot'});
    var controls = h('div', {className: 'controls'});
    var sel = h('select', {className: 'metric-select', 'aria-label': 'metric'});
    g.curves.forEach(function (m) {
      var o = h('option', null, m.name + (m.smooth ? ' (smooth)' : ''));
      o.value = m.name;
      sel.appendChild(o);
    });
    var flip = h('button', {type: 'button', className: 'flip', title: 'switch between this metric and its partner on the same outputs'}, '\u21c4 partner');
    var logLabel = h('label', {className: 'logy-label'});
    var log = h('input', {type: 'checkbox', className: 'logy'});
    logLabel.appendChild(log);
    logLabel.appendChild(document.createTextNode(' log y'));
    var compare = h('button', {type: 'button', className: 'compare', title: 'this task and metric for every family, on one plot'}, 'compare families');
    controls.appendChild(h('span', {className: 'ctl-label'}, 'metric '));
    controls.appendChild(sel);
    controls.appendChild(flip);
    controls.appendChild(logLabel);
    controls.appendChild(compare);
    var holder = h('div', {className: 'plot-holder'});
    var cap = h('figcaption');
    fig.appendChild(controls);
    fig.appendChild(holder);
    fig.appendChild(cap);
    function show(ci, logChoice) {
      var m = g.curves[ci];
      if (!m) return;
      sel.value = m.name;
      fig.setAttribute('data-metric', m.name);
      var canLog = logable(m);
      log.disabled = !canLog;
      log.checked = canLog && (logChoice === undefined ? m.logDefault : logChoice);
      holder.textContent = '';
      holder.appendChild(plotSvg(scalingPlot(g, ci, log.checked), m.name));
      flip.disabled = m.flip < 0;
      flip.textContent = m.flip >= 0 ? '\u21c4 ' + g.curves[m.flip].name : '\u21c4 partner';
      var es = m.es === null || m.es === undefined ? 'no emergence score' : 'emergence score ' + fmtNum(m.es)
          + (m.esLower === null || m.esLower === undefined ? '' : ' (lower 95% bound ' + fmtNum(m.esLower) + ')');
      var flag = m.flag === 2 ? '; flagged emergent on evidence' : m.flag === 1 ? '; flag unknown (noise unknown)' : '';
      cap.textContent = m.nature + '; ' + es + (m.status ? ' (' + m.status + ')' : '') + flag + '; ' + m.intervals + '.';
    }
    sel.addEventListener('change', function () { show(metricIndex(g, sel.value)); });
    flip.addEventListener('click', function () {
      var m = g.curves[metricIndex(g, sel.value)];
      if (m && m.flip >= 0) show(m.flip);
    });
    log.addEventListener('change', function () { show(metricIndex(g, sel.value), log.checked); });
    compare.addEventListener('click', function () { openOverlay(g.task, sel.value); });
    show(initial);
    return fig;
  }

  function card(g, metric) {
    var art = h('article', {className: 'card', id: 'card-g' + g.index, 'data-group': String(g.index)});
    var head = h('header');
    head.appendChild(h('h3', null, g.family + ' \u00b7 ' + g.task));
    if (g.labels) head.appendChild(h('span', {className: 'labels'}, g.labels));
    head.appendChild(h('span', {className: 'axis'}, 'x: ' + g.axisTitle));
    var lead = g.curves[g.left];
    if (lead && lead.flag === 2) head.appendChild(h('span', {className: 'flag'}, 'emergent on evidence: ' + lead.name));
    if (lead && lead.es !== null && lead.es !== undefined) head.appendChild(h('span', {className: 'es'}, lead.name + ' emergence score ' + fmtNum(lead.es)));
    if (g.figure) head.appendChild(h('span', {className: 'file'}, 'figures/' + g.figure + '.svg, .png'));
    art.appendChild(head);
    var pair = h('div', {className: 'pair'});
    var first = metric !== null && metric !== undefined && metricIndex(g, metric) >= 0 ? metricIndex(g, metric) : g.left;
    var second = first === g.left ? g.right : g.curves[first].flip;
    pair.appendChild(slot(g, first));
    if (second !== null && second !== undefined && second >= 0 && second !== first) pair.appendChild(slot(g, second));
    art.appendChild(pair);
    return art;
  }

  function filteredGroups() {
    if (panelState.pinned >= 0) return [panelState.pinned];
    var ws = words(panelState.filter), out = [];
    for (var i = 0; i < groupCount(); i++) if (ws.length === 0 || matches(haystack(i), ws)) out.push(i);
    return out;
  }

  function renderPanels() {
    var list = document.getElementById('panel-list');
    if (!list || !C) return;
    var gs = filteredGroups();
    var size = DATA.panelPageSize;
    var pages = Math.max(1, Math.ceil(gs.length / size));
    panelState.page = Math.min(Math.max(0, panelState.page), pages - 1);
    list.textContent = '';
    gs.slice(panelState.page * size, (panelState.page + 1) * size).forEach(function (i) {
      list.appendChild(card(group(i), panelState.pinned === i ? panelState.pinnedMetric : null));
    });
    var count = document.getElementById('panel-count');
    if (panelState.pinned >= 0) {
      count.textContent = 'the curve you opened (group ' + (panelState.pinned + 1) + ' of ' + groupCount() + '); clear the box to see all';
    } else {
      count.textContent = gs.length + ' of ' + groupCount() + ' groups match' + (gs.length ? '; showing ' + (panelState.page * size + 1)
          + '\u2013' + Math.min(gs.length, (panelState.page + 1) * size) : '');
    }
    ['panel-pager-top', 'panel-pager'].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) pager(el, panelState.page, pages, function (p) { panelState.page = p; renderPanels(); });
    });
  }

  // Opens one group's card (from the answer, a table row, a link), with the given metric on the left.
  function openGroup(gi, metric) {
    if (!C || gi < 0 || gi >= groupCount()) return;
    var g = group(gi);
    var input = document.getElementById('panel-filter');
    if (input) input.value = g.family + ' ' + g.task + (g.labels ? ' ' + g.labels : '');
    panelState.pinned = gi;
    panelState.pinnedMetric = metric;
    panelState.page = 0;
    renderPanels();
    var el = document.getElementById('card-g' + gi) || document.getElementById('panels');
    if (el && el.scrollIntoView) el.scrollIntoView();
  }

  // ------------------------------------------------------------------ families on one plot
  var OV_W = 720, OV_H = 380;
  var overlay = {byTask: null, task: null, metric: null};

  function tasksIndex() {
    if (overlay.byTask) return overlay.byTask;
    var byTask = {};
    for (var i = 0; i < groupCount(); i++) {
      var t = C.s[C.g[i][1]];
      (byTask[t] = byTask[t] || []).push(i);
    }
    overlay.byTask = byTask;
    return byTask;
  }
  function familiesOf(list) {
    var f = {};
    list.forEach(function (i) { f[C.s[C.g[i][0]]] = true; });
    return Object.keys(f).length;
  }
  function metricsOf(list) {
    var seen = {}, out = [];
    list.forEach(function (i) {
      C.g[i][9].forEach(function (c) {
        var name = C.s[c[0]];
        if (!seen[name]) { seen[name] = {name: name, smooth: c[1] === 1, count: 0}; out.push(seen[name]); }
        seen[name].count++;
      });
    });
    out.sort(function (a, b) { return (a.smooth - b.smooth) || (b.count - a.count) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });
    return out;
  }
  function fillOverlayControls() {
    var byTask = tasksIndex();
    var tasks = Object.keys(byTask).map(function (t) { return {task: t, families: familiesOf(byTask[t]), groups: byTask[t].length}; });
    tasks.sort(function (a, b) { return (b.families - a.families) || (a.task < b.task ? -1 : a.task > b.task ? 1 : 0); });
    var sel = document.getElementById('ov-task');
    sel.textContent = '';
    tasks.forEach(function (t) {
      var o = h('option', null, t.task + ' (' + t.families + (t.families === 1 ? ' family' : ' families') + ')');
      o.value = t.task;
      sel.appendChild(o);
    });
    return tasks;
  }
  function fillMetrics(task, want) {
    var sel = document.getElementById('ov-metric');
    sel.textContent = '';
    var ms = metricsOf(tasksIndex()[task] || []);
    ms.forEach(function (m) {
      var o = h('option', null, m.name + (m.smooth ? ' (smooth)' : ''));
      o.value = m.name;
      sel.appendChild(o);
    });
    var pick = ms.some(function (m) { return m.name === want; }) ? want : (ms.length ? ms[0].name : null);
    if (pick !== null) sel.value = pick;
    return pick;
  }
  // The overlay: one line per group of the task with the metric (colour: family; marker: label set within it).
  function overlayPlot(task, metric, filter, logY) {
    var ws = words(filter), list = (tasksIndex()[task] || []).filter(function (i) {
      var g = group(i);
      return metricIndex(g, metric) >= 0 && (ws.length === 0 || matches(g.family + ' ' + g.labels, ws));
    });
    // one axis: the most common among them
    var axes = {};
    list.forEach(function (i) { var a = group(i).axis; axes[a] = (axes[a] || 0) + 1; });
    var axis = Object.keys(axes).sort(function (a, b) { return axes[b] - axes[a]; })[0];
    list = list.filter(function (i) { return group(i).axis === axis; });
    var total = list.length, MAX = 12, drawn = list.slice(0, MAX);
    // the labels that tell a family's drawn curves apart (those that differ between families say no more than the family)
    var keys = {}, parsed = drawn.map(function (i) {
      var m = {}, f = group(i).family;
      String(group(i).labels || '').split(';').forEach(function (kv) {
        if (!kv) return;
        var eq = kv.indexOf('=');
        m[eq < 0 ? kv : kv.slice(0, eq)] = eq < 0 ? '' : kv.slice(eq + 1);
      });
      keys[f] = keys[f] || {};
      Object.keys(m).forEach(function (k) { keys[f][k] = keys[f][k] || {}; keys[f][k][m[k]] = true; });
      return m;
    });
    function varying(j) {
      var f = group(drawn[j]).family, fk = keys[f];
      var same = drawn.filter(function (i) { return group(i).family === f; }).map(function (i) { return parsed[drawn.indexOf(i)]; });
      return Object.keys(fk).filter(function (k) {
        return Object.keys(fk[k]).length > 1 || same.some(function (m) { return !(k in m); });
      }).sort();
    }
    var famIndex = {}, shapeIndex = {}, layers = [], xs = [], ys = [], canLog = true, logDefault = false;
    drawn.forEach(function (gi, j) {
      var g = group(gi), c = g.curves[metricIndex(g, metric)], p = pointsOf(g, c);
      if (!(g.family in famIndex)) { famIndex[g.family] = Object.keys(famIndex).length; shapeIndex[g.family] = 0; }
      var color = SERIES[famIndex[g.family] % SERIES.length], shape = SHAPES[shapeIndex[g.family]++ % SHAPES.length];
      var extra = varying(j).filter(function (k) { return k in parsed[j]; }).map(function (k) { return k + '=' + parsed[j][k]; }).join(' ');
      var name = g.family + (extra ? ' ' + extra : '');
      var tips = p.ys.map(function (y, i) { return name + ' \u00b7 ' + (p.models[i] || fmt(p.xs[i])) + ': ' + fmt(y) + ' at ' + fmt(p.xs[i]); });
      layers.push({type: 'line', name: '', xs: p.xs, ys: p.ys, color: color, width: 1.4, dashed: false});
      layers.push({type: 'markers', name: name, xs: p.xs, ys: p.ys, lo: p.lo, hi: p.hi, color: color, shape: shape, filled: true, tips: tips});
      xs = xs.concat(p.xs);
      ys = ys.concat(p.ys, p.lo, p.hi);
      canLog = canLog && logable(c);
      logDefault = logDefault || c.logDefault;
    });
    if (!drawn.length) return {plot: null, total: 0, drawn: 0, families: 0, canLog: false, logDefault: false};
    var useLog = logY === null ? logDefault && canLog : logY && canLog;
    var x = autoAxis(group(drawn[0]).axisTitle, 'log', xs, false);
    var y = useLog ? autoAxis(metric, 'log', ys, false) : autoAxis(metric, 'linear', ys, includeZero(ys));
    return {plot: {title: task + ': ' + metric, subtitle: 'one line per family and label set', x: x, y: y, layers: layers,
      left: L.LEFT, legendOutside: true}, total: total, drawn: drawn.length, families: Object.keys(famIndex).length,
      canLog: canLog, log: useLog};
  }
  function renderOverlay(logChoice) {
    var holder = document.getElementById('overlay-plot');
    if (!holder || !overlay.task) return;
    var filter = document.getElementById('ov-filter').value;
    var log = document.getElementById('ov-log');
    var r = overlayPlot(overlay.task, overlay.metric, filter, logChoice === undefined ? null : logChoice);
    holder.textContent = '';
    var note = document.getElementById('overlay-note');
    if (!r.plot) { note.textContent = 'No curve of this task has that metric' + (filter ? ' and these words.' : '.'); return; }
    log.disabled = !r.canLog;
    log.checked = r.log;
    var svg = plotSvg(r.plot, overlay.metric, OV_W, OV_H);
    svg.setAttribute('class', 'plot overlay');
    holder.appendChild(svg);
    note.textContent = r.drawn + ' curves of ' + r.families + (r.families === 1 ? ' family' : ' families')
        + (r.total > r.drawn ? '; ' + (r.total - r.drawn) + ' more not drawn (narrow them with words)' : '') + '.';
  }
  function openOverlay(task, metric) {
    var sel = document.getElementById('ov-task');
    if (!sel) return;
    overlay.task = task;
    sel.value = task;
    overlay.metric = fillMetrics(task, metric);
    renderOverlay();
    var el = document.getElementById('overlay');
    if (el && el.scrollIntoView) el.scrollIntoView();
  }
  function initOverlay() {
    var sel = document.getElementById('ov-task');
    if (!sel || !C || !groupCount()) return;
    var tasks = fillOverlayControls();
    // first choice: the task of the first answer that several families share, else the task most families share
    var pick = null, metric = null;
    (DATA.answerCurves || []).forEach(function (a) {
      if (pick === null && a[0] >= 0 && a[0] < groupCount()) {
        var t = C.s[C.g[a[0]][1]];
        if (familiesOf(tasksIndex()[t]) > 1) { pick = t; metric = a[1]; }
      }
    });
    if (pick === null) pick = tasks[0].task;
    overlay.task = pick;
    sel.value = pick;
    overlay.metric = fillMetrics(pick, metric);
    sel.addEventListener('change', function () { overlay.task = sel.value; overlay.metric = fillMetrics(sel.value, overlay.metric); renderOverlay(); });
    document.getElementById('ov-metric').addEventListener('change', function () { overlay.metric = document.getElementById('ov-metric').value; renderOverlay(); });
    document.getElementById('ov-filter').addEventListener('input', function () { renderOverlay(); });
    document.getElementById('ov-log').addEventListener('change', function () { renderOverlay(document.getElementById('ov-log').checked); });
    renderOverlay();
  }

  // ------------------------------------------------------------------ tables
  var VERDICT_ORDER = {emergent: 0, mirage: 1, smooth: 2, unresolved: 3};

  function numberCell(td, v) {
    var x = parseNum(v);
    if (isFinite(x) && (x !== Math.round(x) || Math.abs(x) >= 1e6)) {
      td.textContent = fmtNum(x);
      if (td.textContent !== v) td.title = v;
    } else {
      td.textContent = v;
    }
  }
  function linkButton(link) {
    var b = h('button', {type: 'button', className: 'show-plot', title: 'open this curve'}, 'show');
    b.addEventListener('click', function () { openGroup(link[0], link[1]); });
    return b;
  }

  function makeTable(id, spec) {
    var host = document.getElementById(id);
    if (!host) return;
    if (spec.dicts) {
      // columns written as a dictionary (TableJson): back to their values
      Object.keys(spec.dicts).forEach(function (c) {
        var d = spec.dicts[c], k = parseInt(c, 10);
        spec.rows.forEach(function (r) { r[k] = d[r[k]]; });
      });
      spec.dicts = null;
    }
    var verdicts = spec.layout === 'verdicts';
    var state = {sort: spec.sort === undefined ? -1 : spec.sort, desc: !!spec.desc, filter: '', page: 0};
    var size = spec.pageSize || 50;
    var bar = h('div', {className: 'table-controls'});
    var input = h('input', {type: 'search', className: 'table-filter', placeholder: 'filter rows (words, all must match)', 'aria-label': 'filter'});
    var info = h('span', {className: 'table-info'});
    bar.appendChild(input);
    bar.appendChild(info);
    var wrap = h('div', {className: 'table-wrap'});
    var table = h('table', {className: 'data' + (verdicts ? ' verdicts' : '')});
    var thead = h('thead');
    var tbody = h('tbody');
    table.appendChild(thead);
    table.appendChild(tbody);
    wrap.appendChild(table);
    var pg = h('div', {className: 'pager'});
    host.appendChild(bar);
    host.appendChild(wrap);
    host.appendChild(pg);
    var links = spec.links || null;
    var col = {};
    spec.columns.forEach(function (c, i) { col[c] = i; });
    var rows0 = spec.rows.map(function (r, i) { return {r: r, link: links ? links[i] : null, i: i}; });
    // the verdicts layout: verdict, explanation, the curve, then every other column under "evidence"
    var shownCols = verdicts ? ['verdict', 'explanation', 'curve', 'evidence'] : spec.columns.slice();

    function sortKey(row, c) {
      if (verdicts && c === 0) return VERDICT_ORDER[row.r[col.verdict]] !== undefined ? VERDICT_ORDER[row.r[col.verdict]] : 9;
      if (verdicts && c === 2) return (row.r[col.family] || '') + ' ' + (row.r[col.task] || '') + ' ' + (row.r[col.labels] || '');
      if (verdicts) return c === 1 ? row.r[col.explanation] || '' : row.i;
      return row.r[c];
    }
    function header() {
      thead.textContent = '';
      var tr = h('tr');
      shownCols.forEach(function (c, i) {
        var num = !verdicts && spec.kinds[i] === 'num';
        var th = h('th', {scope: 'col', 'data-col': c, 'class': num ? 'num' : ''}, c);
        th.textContent = c + (state.sort === i ? (state.desc ? ' \u25bc' : ' \u25b2') : '');
        th.setAttribute('aria-sort', state.sort === i ? (state.desc ? 'descending' : 'ascending') : 'none');
        if (!(verdicts && i === 3)) {
          th.addEventListener('click', function () {
            if (state.sort === i) state.desc = !state.desc; else { state.sort = i; state.desc = num; }
            state.page = 0;
            render();
          });
        }
        tr.appendChild(th);
      });
      if (links && !verdicts) tr.appendChild(h('th', null, 'curve'));
      thead.appendChild(tr);
    }
    function rows() {
      var ws = words(state.filter);
      var out = rows0.filter(function (x) { return matches(x.r.join(' '), ws); });
      if (state.sort >= 0) {
        var i = state.sort, isNum = !verdicts && spec.kinds[i] === 'num', dir = state.desc ? -1 : 1;
        out = out.slice().sort(function (a, b) {
          var ka = sortKey(a, i), kb = sortKey(b, i);
          if (isNum) {
            var x = parseNum(ka), y = parseNum(kb), xn = isNaN(x), yn = isNaN(y);
            if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1; // unknowns last either way
            return x === y ? 0 : (x < y ? -dir : dir);
          }
          if (typeof ka === 'number') return dir * (ka - kb);
          return dir * String(ka).localeCompare(String(kb));
        });
      }
      return out;
    }
    function cell(c, v, i) {
      var td = h('td', {'class': spec.kinds[i] === 'num' ? 'num' : ''});
      var lc = c.toLowerCase();
      if (lc === 'verdict') {
        td.appendChild(h('span', {className: 'verdict v-' + slug(v)}, v));
      } else if (/evidence|reason|explanation|why|note|detail/.test(lc)) {
        td.className = 'evidence';
        td.textContent = v;
      } else if (spec.kinds[i] === 'num' && v !== '') {
        numberCell(td, v);
      } else {
        td.textContent = v;
        if (v.length > 60) td.className = 'long';
      }
      return td;
    }
    function verdictRow(x) {
      var r = x.r, tr = h('tr');
      var v = r[col.verdict] || '';
      var td = h('td', {className: 'verdict-cell'});
      td.appendChild(h('span', {className: 'verdict v-' + slug(v)}, v));
      if (r[col.reason]) td.appendChild(h('div', {className: 'reason'}, r[col.reason]));
      tr.appendChild(td);
      tr.appendChild(h('td', {className: 'explanation'}, r[col.explanation] || ''));
      var where = h('td', {className: 'where'});
      where.appendChild(h('div', {className: 'ft'}, (r[col.family] || '') + ' \u00b7 ' + (r[col.task] || '')));
      if (r[col.labels]) where.appendChild(h('div', {className: 'labels'}, r[col.labels]));
      where.appendChild(h('div', {className: 'pairing'}, (r[col.metric] || '') + ' vs ' + (r[col.partner] || '')));
      if (x.link) where.appendChild(linkButton(x.link));
      tr.appendChild(where);
      var ev = h('td', {className: 'evidence-cell'});
      var det = h('details');
      det.appendChild(h('summary', null, 'evidence'));
      var dl = h('dl', {className: 'kv'});
      spec.columns.forEach(function (c, i) {
        if (c === 'verdict' || c === 'explanation' || r[i] === '' || r[i] === null || r[i] === undefined) return;
        dl.appendChild(h('dt', null, c));
        var dd = h('dd');
        if (spec.kinds[i] === 'num') numberCell(dd, String(r[i])); else dd.textContent = String(r[i]);
        dl.appendChild(dd);
      });
      det.appendChild(dl);
      ev.appendChild(det);
      tr.appendChild(ev);
      return tr;
    }
    function render() {
      header();
      var rs = rows();
      var pages = Math.max(1, Math.ceil(rs.length / size));
      state.page = Math.min(state.page, pages - 1);
      tbody.textContent = '';
      rs.slice(state.page * size, (state.page + 1) * size).forEach(function (x) {
        if (verdicts) { tbody.appendChild(verdictRow(x)); return; }
        var tr = h('tr');
        spec.columns.forEach(function (c, i) { tr.appendChild(cell(c, x.r[i] === null || x.r[i] === undefined ? '' : String(x.r[i]), i)); });
        if (links) {
          var td = h('td');
          if (x.link) td.appendChild(linkButton(x.link));
          tr.appendChild(td);
        }
        tbody.appendChild(tr);
      });
      info.textContent = ' ' + rs.length + ' of ' + spec.rows.length + ' rows' + (spec.total > spec.rows.length ? ' (' + spec.total + ' in the file; see the note above)' : '');
      pager(pg, state.page, pages, function (p) { state.page = p; render(); });
    }
    input.addEventListener('input', function () { state.filter = input.value; state.page = 0; render(); });
    render();
  }

  function init() {
    var node = document.getElementById('mirage-data');
    if (!node) return;
    DATA = JSON.parse(node.textContent);
    C = DATA.curves || null;
    document.documentElement.classList.add('js');
    var filter = document.getElementById('panel-filter');
    if (filter) {
      filter.addEventListener('input', function () {
        panelState.filter = filter.value; panelState.pinned = -1; panelState.page = 0; renderPanels();
      });
    }
    renderPanels();
    initOverlay();
    Array.prototype.forEach.call(document.querySelectorAll('a.curve-link'), function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        openGroup(parseInt(a.getAttribute('data-group'), 10), a.getAttribute('data-metric'));
      });
    });
    Object.keys(DATA.tables).forEach(function (k) { makeTable('table-' + k, DATA.tables[k]); });
    document.body.setAttribute('data-ready', 'true');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
}());
