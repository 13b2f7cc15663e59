// cartonize's packing view: each box of a packing in 3D (plotly.js meshes), built up step by
// step. The page holds its data as JSON (CARTONIZE_DATA) and this script draws it; nothing
// loads from the network. window.cartonizeView is the interface for tests and for services
// that embed the page: boxCount(), stepCount(box), setStep(box, k), visibleCopies(); and
// printReady(): whether the picture a print shows is of the step on screen.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("cartonize-data").textContent);
  const boxes = data.boxes;          // every box of every order on the page, in order
  const plot = document.getElementById("plot");
  const state = { box: 0, step: 0, labels: null, seeThrough: false, current: null };
  // What the page's packages are called together: "box", "bag", or "package" for both.
  const kinds = new Set(boxes.map(function (b) { return b.kind; }));
  const pageNoun = kinds.size === 1 ? boxes[0].kind : "package";

  // The 8 corners and 12 triangles of a cuboid; its 12 edges as a polyline with gaps.
  const TRI = [[0, 1, 2], [0, 2, 3], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
               [2, 3, 7], [2, 7, 6], [1, 2, 6], [1, 6, 5], [0, 3, 7], [0, 7, 4]];
  const EDGE = [0, 1, 2, 3, 0, 4, 5, 6, 7, 4, null, 1, 5, null, 2, 6, null, 3, 7];
  const PAD = 0.01, FLATTEST = 0.2;  // the scene's axes: past the box; its flattest side
  function corners(s) {
    const x = [s.x, s.x + s.l], y = [s.y, s.y + s.w], z = [s.z, s.z + s.h];
    return [[x[0], y[0], z[0]], [x[1], y[0], z[0]], [x[1], y[1], z[0]], [x[0], y[1], z[0]],
            [x[0], y[0], z[1]], [x[1], y[0], z[1]], [x[1], y[1], z[1]], [x[0], y[1], z[1]]];
  }

  // Per box, the arrays of all its copies, built once; a step shows a prefix of them.
  const geometry = boxes.map(function (b) {
    const g = { x: [], y: [], z: [], i: [], j: [], k: [], colour: [], ex: [], ey: [], ez: [],
                edgeEnd: [], cx: [], cy: [], cz: [], text: [], hover: [] };
    b.steps.forEach(function (s, n) {
      const c = corners(s);
      const base = n * 8;
      c.forEach(function (p) { g.x.push(p[0]); g.y.push(p[1]); g.z.push(p[2]); });
      TRI.forEach(function (t) {
        g.i.push(base + t[0]); g.j.push(base + t[1]); g.k.push(base + t[2]);
        g.colour.push(data.lines[s.line].colour);
      });
      EDGE.forEach(function (e) {
        if (e === null) { g.ex.push(null); g.ey.push(null); g.ez.push(null); }
        else { g.ex.push(c[e][0]); g.ey.push(c[e][1]); g.ez.push(c[e][2]); }
      });
      g.ex.push(null); g.ey.push(null); g.ez.push(null);
      g.edgeEnd.push(g.ex.length);
      // A label stands just above the copy's top face: at its centre, inside the solid
      // block, it was hidden (a packer's trial).
      g.cx.push(s.x + s.l / 2); g.cy.push(s.y + s.w / 2); g.cz.push(s.z + s.h + lift(b));
      g.text.push(s.label);
    });
    return g;
  });

  // A little above a face, so that what is drawn there is not sunk into it.
  function lift(box) {
    return Math.max(box.inner[0], box.inner[1], box.inner[2]) / 150;
  }

  // Per box and copy, the first step whose copy rests on its top (Infinity: none): a mark on
  // a top face is drawn while that face is in sight (under a copy, its arrow poked through).
  const MARKS_CHECKED = 2000;  // copies of a box weighed so (the count is quadratic)
  const coveredAt = boxes.map(function (b) {
    const s = b.steps, out = s.map(function () { return Infinity; });
    if (s.length > MARKS_CHECKED) return out;
    for (let n = 0; n < s.length; n++) {
      const top = s[n].z + s[n].h;
      for (let m = n + 1; m < s.length; m++) {
        const q = s[m];
        if (q.z === top && q.x < s[n].x + s[n].l && s[n].x < q.x + q.l &&
            q.y < s[n].y + s[n].w && s[n].y < q.y + q.w) { out[n] = m + 1; break; }
      }
    }
    return out;
  });

  function wireframe(b) {
    const c = corners({ x: 0, y: 0, z: 0, l: b.inner[0], w: b.inner[1], h: b.inner[2] });
    const xs = [], ys = [], zs = [];
    EDGE.forEach(function (e) {
      if (e === null) { xs.push(null); ys.push(null); zs.push(null); }
      else { xs.push(c[e][0]); ys.push(c[e][1]); zs.push(c[e][2]); }
    });
    return { type: "scatter3d", mode: "lines", x: xs, y: ys, z: zs, hoverinfo: "skip",
             line: { color: "#333333", width: 3 }, showlegend: false, name: "box" };
  }

  // Where the eye is (the layout's camera, in the scene's box of aspect ratios): a copy
  // placed before this step's that stands on the eye's side of it along some axis and over it
  // in the picture hides it. Those are drawn see-through (a packer's trial: from step 6 to
  // 15 of a 44-step box the copy of the step was nowhere to be seen).
  const EYE = [1.6, 1.6, 1.2];
  function hidesStep(f, s, a, q) {  // a: the step's copy s in the picture
    if (!(q.x >= s.x + s.l || q.y >= s.y + s.w || q.z >= s.z + s.h)) return false;
    const c = picture(f, q);
    return a[0] < c[1] && c[0] < a[1] && a[2] < c[3] && c[2] < a[3];
  }
  // The picture's two axes (across the eye's line, the second upward) and the scale of each
  // box axis in the scene.
  function frame(b) {
    const inner = boxes[b].inner, top = Math.max(inner[0], inner[1], inner[2]);
    const scale = inner.map(function (v) { return Math.max(v / top, FLATTEST) / (v || 1); });
    const n = Math.hypot(EYE[0], EYE[1], EYE[2]), d = EYE.map(function (v) { return v / n; });
    const r = Math.hypot(d[0], d[1]), u = [-d[1] / r, d[0] / r, 0];
    const v = [d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2], d[0] * u[1] - d[1] * u[0]];
    return { scale: scale, u: u, v: v };
  }
  // A copy's extent in the picture: [least u, most u, least v, most v] of its corners.
  function picture(f, s) {
    const out = [Infinity, -Infinity, Infinity, -Infinity];
    corners(s).forEach(function (p) {
      const q = p.map(function (c, a) { return c * f.scale[a]; });
      const u = q[0] * f.u[0] + q[1] * f.u[1] + q[2] * f.u[2];
      const v = q[0] * f.v[0] + q[1] * f.v[1] + q[2] * f.v[2];
      out[0] = Math.min(out[0], u); out[1] = Math.max(out[1], u);
      out[2] = Math.min(out[2], v); out[3] = Math.max(out[3], v);
    });
    return out;
  }
  // The copies before step k that hide its copy (none when all are see-through).
  function hiding(b, k) {
    const steps = boxes[b].steps, out = new Set();
    if (k < 2 || state.seeThrough) return out;
    const f = frame(b), s = steps[k - 1], a = picture(f, s);
    for (let n = 0; n < k - 1; n++) if (hidesStep(f, s, a, steps[n])) out.add(n);
    return out;
  }

  function traces(b, k) {
    const g = geometry[b], box = boxes[b], steps = box.steps, hidden = hiding(b, k);
    // The faces of the copies before this step, apart those that hide its copy.
    const before = function (a, per, front) {
      const out = [];
      for (let n = 0; n < Math.max(0, k - 1); n++)
        if (hidden.has(n) === front) for (let t = n * per; t < (n + 1) * per; t++) out.push(a[t]);
      return out;
    };
    const hover = steps.slice(0, k).map(function (s) {
      return s.label + "<br>step " + s.number + ": " + s.where + "<br>" + s.dims + ", " + s.turn +
        (s.notes.length ? "<br>" + s.notes.join(", ") : "");
    });
    const out = [
      wireframe(box),
      // The copies before this step; the copy of this step is drawn apart, highlighted.
      { type: "mesh3d", x: g.x, y: g.y, z: g.z, i: before(g.i, 12, false),
        j: before(g.j, 12, false), k: before(g.k, 12, false),
        facecolor: before(g.colour, 12, false), flatshading: true,
        opacity: state.seeThrough ? 0.35 : 1.0, hoverinfo: "skip", name: "copies",
        lighting: { ambient: 0.7, diffuse: 0.6, specular: 0.05 } },
      // Those that hide it, see-through.
      { type: "mesh3d", x: g.x, y: g.y, z: g.z, i: before(g.i, 12, true),
        j: before(g.j, 12, true), k: before(g.k, 12, true),
        facecolor: before(g.colour, 12, true), flatshading: true, opacity: 0.3,
        hoverinfo: "skip", name: "copies in front",
        lighting: { ambient: 0.7, diffuse: 0.6, specular: 0.05 } },
      { type: "scatter3d", mode: "lines", x: g.ex.slice(0, k ? g.edgeEnd[k - 1] : 0),
        y: g.ey.slice(0, k ? g.edgeEnd[k - 1] : 0), z: g.ez.slice(0, k ? g.edgeEnd[k - 1] : 0),
        line: { color: "#222222", width: 2 }, hoverinfo: "skip", showlegend: false },
      // A dot on each copy's top to hover over (the labels are the scene's annotations).
      { type: "scatter3d", mode: "markers",
        x: g.cx.slice(0, k), y: g.cy.slice(0, k), z: g.cz.slice(0, k),
        marker: { size: 2, color: "#222222" }, hovertext: hover, hoverinfo: "text",
        showlegend: false, name: "labels" },
    ];
    // "This side up": an arrow on top of each such copy; "nothing on top": a cross there;
    // a copy at its load limit: its edges drawn thick in orange (its top is under the copies
    // it bears, so a mark there would be hidden).
    const up = { x: [], y: [], z: [] }, flat = { x: [], y: [], z: [], r: [], q: [] },
      full = { x: [], y: [], z: [] };
    const above = lift(box);
    steps.slice(0, k).forEach(function (s, n) {
      const into = coveredAt[b][n] <= k ? null : s.up ? up : s.fragile ? flat : null;
      if (into) {
        into.x.push(s.x + s.l / 2); into.y.push(s.y + s.w / 2); into.z.push(s.z + s.h + above);
        if (into === flat) { flat.r.push(s.l * 0.3); flat.q.push(s.w * 0.3); }
      }
      if (s.full) {
        const c = corners(s);
        EDGE.forEach(function (e) {
          full.x.push(e === null ? null : c[e][0]);
          full.y.push(e === null ? null : c[e][1]);
          full.z.push(e === null ? null : c[e][2]);
        });
        full.x.push(null); full.y.push(null); full.z.push(null);
      }
    });
    if (full.x.length) {
      out.push({ type: "scatter3d", mode: "lines", x: full.x, y: full.y, z: full.z,
                 line: { color: "#e67e22", width: 10 }, hoverinfo: "skip",
                 showlegend: false, name: "at its load limit" });
    }
    if (up.x.length) {  // a short shaft with a head, standing on the top face
      const a = arrow(b), sx = [], sy = [], sz = [];
      up.x.forEach(function (x, n) {
        sx.push(x, x, null); sy.push(up.y[n], up.y[n], null);
        sz.push(up.z[n], up.z[n] + a, null);
      });
      out.push({ type: "scatter3d", mode: "lines", x: sx, y: sy, z: sz, hoverinfo: "skip",
                 line: { color: "#111111", width: 5 }, showlegend: false, name: "this side up" });
      out.push({ type: "scatter3d", mode: "markers", x: up.x, y: up.y,
                 z: up.z.map(function (z) { return z + a; }), hoverinfo: "skip",
                 marker: { symbol: "diamond", size: 5, color: "#111111" }, showlegend: false });
    }
    if (flat.x.length) {  // a red cross over the top face
      const fx = [], fy = [], fz = [];
      flat.x.forEach(function (x, n) {
        const r = flat.r[n], q = flat.q[n];
        fx.push(x - r, x + r, null, x - r, x + r, null);
        fy.push(flat.y[n] - q, flat.y[n] + q, null, flat.y[n] + q, flat.y[n] - q, null);
        fz.push(flat.z[n], flat.z[n], null, flat.z[n], flat.z[n], null);
      });
      out.push({ type: "scatter3d", mode: "lines", x: fx, y: fy, z: fz, hoverinfo: "skip",
                 line: { color: "#b00020", width: 6 }, showlegend: false,
                 name: "nothing on top" });
    }
    if (k > 0) {  // the copy of this step, bright, with thick edges
      const s = steps[k - 1], c = corners(s);
      out.push({ type: "mesh3d", x: c.map(function (p) { return p[0]; }),
                 y: c.map(function (p) { return p[1]; }), z: c.map(function (p) { return p[2]; }),
                 i: TRI.map(function (t) { return t[0]; }), j: TRI.map(function (t) { return t[1]; }),
                 k: TRI.map(function (t) { return t[2]; }), color: "#ffdd00", opacity: 0.9,
                 flatshading: true, hoverinfo: "skip", name: "this step" });
      const xs = [], ys = [], zs = [];
      EDGE.forEach(function (e) {
        if (e === null) { xs.push(null); ys.push(null); zs.push(null); }
        else { xs.push(c[e][0]); ys.push(c[e][1]); zs.push(c[e][2]); }
      });
      out.push({ type: "scatter3d", mode: "lines", x: xs, y: ys, z: zs, hoverinfo: "skip",
                 line: { color: "#d62728", width: 7 }, showlegend: false });
    }
    return out;
  }

  // The length of a "this side up" arrow: a fifth of the box's least side.
  function arrow(b) {
    return Math.min(boxes[b].inner[0], boxes[b].inner[1], boxes[b].inner[2]) / 5;
  }

  // Labels on every copy when the box holds few (or when asked for): with more, the labels
  // of copies hidden inside pile up beside the box.
  const LABELS_UP_TO = 12, LABELS_AT_MOST = 200;
  function showLabels(b) {
    return state.labels === null ? boxes[b].steps.length <= LABELS_UP_TO : state.labels;
  }

  // The labels: the scene's annotations, over the picture in the page's own type (text drawn
  // in the 3D scene came out a few pixels high, and sunk into the copies); the step's own
  // label stands out.
  function labelAnnotations(b, k) {
    if (!showLabels(b)) return [];
    const g = geometry[b];
    // A copy under another one by now has its label no more (it stood over the copy on top);
    // past LABELS_AT_MOST tops in sight (labels asked for on a large box), the step's alone.
    let shown = boxes[b].steps.slice(0, k).filter(function (s, n) {
      return coveredAt[b][n] > k;
    });
    if (shown.length > LABELS_AT_MOST && k > 0) shown = [boxes[b].steps[k - 1]];
    return shown.map(function (s) {
      const n = s.number - 1, now = n === k - 1;
      return { x: g.cx[n], y: g.cy[n], z: g.cz[n], text: escapeHtml(s.label), showarrow: false,
               font: { size: 12, color: "#000000" }, borderpad: 2,
               bgcolor: now ? "rgba(255,221,0,0.95)" : "rgba(255,255,255,0.8)",
               bordercolor: now ? "#d62728" : "#888888", borderwidth: 1 };
    });
  }

  function layout(b) {
    // The height axis runs on above the box by an arrow's length where some copy is "this
    // side up": the top layer's arrows stood cut to stubs at the lid.
    const inner = boxes[b].inner.slice();
    const box_h = inner[2];
    if (boxes[b].steps.some(function (s) { return s.up; })) inner[2] += arrow(b) + lift(boxes[b]);
    // The axes run a little past the box (PAD of its longest side): a face on the end of an
    // axis' range is clipped there, and the top of a copy flush with the lid (in a bag, the
    // top copy of every order) drew as stripes and lost its label.
    const pad = PAD * Math.max(inner[0], inner[1], inner[2]);
    const span = inner.map(function (v) { return v + 2 * pad; });
    const top = Math.max(span[0], span[1], span[2]);
    // No side drawn thinner than FLATTEST of the longest, as on the static picture: a 15 mm
    // box or a mailer stood as a sliver whose height ticks printed over each other.
    const ratio = function (v) { return Math.max(v / top, FLATTEST); };
    return {
      margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false, uirevision: "box-" + b,
      scene: {
        aspectmode: "manual",
        aspectratio: { x: ratio(span[0]), y: ratio(span[1]), z: ratio(span[2]) },
        xaxis: { title: { text: "length (" + data.unit + ")" }, range: [-pad, inner[0] + pad],
                 nticks: 4 },
        yaxis: { title: { text: "width (" + data.unit + ")" }, range: [-pad, inner[1] + pad],
                 nticks: 4 },
        zaxis: { title: { text: "height (" + data.unit + ")" }, range: [-pad, inner[2] + pad],
                 nticks: 4, tickvals: ticks(box_h, ratio(span[2]) < 0.35 ? 2 : 4) },
        // Seen from above the corner opposite the start (0, 0, 0), as the printed sheet
        // is: each copy goes in nearer the eye than those before it, not behind them.
        camera: { eye: { x: EYE[0], y: EYE[1], z: EYE[2] } },
        annotations: labelAnnotations(b, state.step),
      },
    };
  }

  // Ticks on the height axis up to the box's height (the axis may run on above it), at
  // most `most` steps apart (fewer on a flat box, whose axis is short).
  function ticks(h, most) {
    const step = Math.pow(10, Math.floor(Math.log10(h / 2 || 1)));
    const unit = [1, 2, 5, 10, 20].map(function (f) { return f * step; })
      .find(function (u) { return h / u <= most; });
    const out = [];
    for (let v = 0; v <= h + 1e-9; v += unit) out.push(Math.round(v * 1000) / 1000);
    return out;
  }

  function describe(b) {
    const box = boxes[b];
    const parts = [box.order + ": " + box.noun + " " + (box.index + 1) + " of " + box.of,
      box.kind + " " +
      box.id, box.size, box.steps.length + (box.steps.length === 1 ? " copy" : " copies")];
    if (box.service !== null) parts.push("ships by " + box.service);
    if (box.cost !== null) parts.push(box.cost);
    return parts.join(" · ");
  }

  // The box's steps as one list (built as one string: thousands of copies stay quick);
  // a click on a step goes there.
  function stepList(b) {
    const ol = document.getElementById("steps");
    ol.innerHTML = boxes[b].steps.map(function (s, n) {
      return '<li data-step="' + (n + 1) + '"><span class="swatch" style="background:' +
        data.lines[s.line].colour + '"></span><b>' + escapeHtml(s.label) + "</b> " +
        escapeHtml(s.where) + ", " + escapeHtml(s.dims) + ", " + escapeHtml(s.turn) +
        s.notes.map(function (t) {
          return ' <span class="note">' + escapeHtml(t) + "</span>";
        }).join("") + "</li>";
    }).join("");
    // The numbers' column as wide as the longest ("2485." lost its first digit).
    ol.style.paddingLeft = (String(boxes[b].steps.length).length + 2) + "ch";
    state.current = null;
  }
  document.getElementById("steps").addEventListener("click", function (e) {
    const li = e.target.closest("li");
    if (li) setStep(state.box, Number(li.dataset.step));
  });

  // What the page's packages leave out (listed under "Not in a box"): said with the last
  // box done, which read as the whole order packed (a packer's trial).
  function outside() {
    const words = [];
    if (data.unpacked) words.push(data.unpacked + (data.unpacked === 1 ? " copy" : " copies") +
                                  " in no box");
    if (data.alone) words.push(data.alone + " in " + (data.alone === 1 ? "its" : "their") +
                               " own packaging");
    return words.length ? ", but " + words.join(" and ") + ": see Not in a box" : "";
  }

  function escapeHtml(t) {
    return String(t).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function draw() {
    const b = state.box, k = state.step, n = boxes[b].steps.length;
    Plotly.react(plot, traces(b, k), layout(b), { responsive: true, displaylogo: false });
    document.getElementById("box-caption").textContent = describe(b);
    // Printed, the page says which box and step its picture shows.
    document.querySelector("#print-picture figcaption").textContent = describe(b) + " · " +
      (k === 0 ? "empty" : "as built up to step " + k + " of " + n) +
      (n > SNAPSHOT_UP_TO ? " (printed without a picture: a box of over " +
       SNAPSHOT_UP_TO.toLocaleString("en") + " copies; the packing sheet, a PDF, draws it by " +
       "layers)" : " (printed: this box alone; the packing sheet, a PDF, has every box)");
    // What to pick for the box and what it should weigh: above the steps, in sight however
    // far down the list has scrolled.
    document.getElementById("pick").textContent = boxes[b].pick ? "Pick: " + boxes[b].pick : "";
    document.getElementById("weight").textContent = boxes[b].weight ?
      boxes[b].weight.charAt(0).toUpperCase() + boxes[b].weight.slice(1) : "";
    document.getElementById("labels").checked = showLabels(b);
    const slider = document.getElementById("slider");
    slider.max = String(n);
    slider.value = String(k);
    // The last step says the box is done, and what comes next.
    const caption = document.getElementById("step-caption");
    const done = k === n && n > 0;
    // (The notice first: a narrow screen cuts the caption's end.)
    caption.textContent = (!done ? "" : b + 1 < boxes.length ?
      boxes[b].kind + " done: next ▶ goes on to " + boxes[b + 1].order + ", " +
      boxes[b + 1].noun + " " + (boxes[b + 1].index + 1) + " of " + boxes[b + 1].of + " · " :
      boxes[b].kind + " done: every " + pageNoun + " on this page is packed" + outside() +
      " · ") +
      (k === 0 ? "the empty " + boxes[b].kind : "step " + k + " of " + n + ": " +
       boxes[b].steps[k - 1].label + ", " + boxes[b].steps[k - 1].turn);
    caption.classList.toggle("done", done);
    // Only the step that was current and the one that is change: the steps before the
    // current one are greyed by the style sheet (#steps.started li, li.current ~ li).
    const list = document.getElementById("steps");
    if (state.current) state.current.classList.remove("current");
    state.current = k ? list.children[k - 1] : null;
    list.classList.toggle("started", k > 0);
    if (state.current) {
      state.current.classList.add("current");
      // Into view within the list's own panel only: scrolling the page (on a narrow screen,
      // where the list is under the picture) would push the picture out of sight.
      const panel = list.closest("aside");
      const a = panel.getBoundingClientRect(), r = state.current.getBoundingClientRect();
      const top = document.getElementById("box-check").getBoundingClientRect().bottom;
      if (r.top < top) panel.scrollTop -= top - r.top;
      else if (r.bottom > a.bottom) panel.scrollTop += Math.min(r.bottom - a.bottom, r.top - top);
    }
    document.querySelectorAll("#box-picker option").forEach(function (o) {
      o.selected = Number(o.value) === b;
    });
    snapshotLater();
  }

  // The picture printed: the scene as an image (the WebGL canvas printed blank at the
  // screen's size), made once the packer pauses on a step, and again as a print starts
  // where the browser says so (a print cannot wait for an image to be made). The scene's
  // own image is its canvas read back (a tenth of a second); plotly's figure export, the
  // fallback, draws the whole figure again (over a second). Not for a box of thousands of
  // copies. The labels, drawn over the canvas, are not in it: the printed steps name each.
  const SNAPSHOT_UP_TO = 2000;
  const figure = document.getElementById("print-picture");
  const printed = figure.querySelector("img");
  let snapshotTimer = null;
  function sceneImage() {
    try {
      return plot._fullLayout.scene._scene.toImage("png");
    } catch (e) {
      return null;
    }
  }
  function snapshot(b, k, url) {
    if (state.box !== b || state.step !== k) return;  // stepped on meanwhile
    printed.src = url;
    printed.dataset.step = b + ":" + k;
  }
  function snapshotLater() {
    clearTimeout(snapshotTimer);
    const b = state.box, k = state.step;
    printed.dataset.step = "";
    const none = boxes[b].steps.length > SNAPSHOT_UP_TO;
    figure.classList.toggle("none", none);
    if (none) {
      printed.removeAttribute("src");
      printed.dataset.step = b + ":" + k;  // nothing to wait for: the caption says why
      return;
    }
    snapshotTimer = setTimeout(function () {
      const url = sceneImage();
      if (url) return snapshot(b, k, url);
      Plotly.toImage(plot, { format: "png", width: 960, height: 720 }).then(function (u) {
        snapshot(b, k, u);
      }).catch(function () { printed.removeAttribute("src"); });
    }, 400);
  }
  window.addEventListener("beforeprint", function () {
    if (!boxes.length || boxes[state.box].steps.length > SNAPSHOT_UP_TO) return;
    const url = sceneImage();
    if (url) snapshot(state.box, state.step, url);
  });

  function setBox(b) {
    if (!(b >= 0 && b < boxes.length)) throw new RangeError("no box " + b);
    if (b !== state.box || !document.querySelector("#steps li")) {
      state.box = b;
      stepList(b);
    }
  }

  function setStep(b, k) {
    setBox(b);
    const n = boxes[b].steps.length;
    state.step = Math.max(0, Math.min(n, Math.round(k)));
    draw();
    return state.step;
  }

  // The controls: the box picker, the slider, previous / next, the arrow keys.
  const picker = document.getElementById("box-picker");
  boxes.forEach(function (box, b) {
    const o = document.createElement("option");
    o.value = String(b);
    o.textContent = box.order + " · " + box.noun + " " + (box.index + 1) + ": " + box.id + " (" +
      box.steps.length + (box.steps.length === 1 ? " copy)" : " copies)");
    picker.appendChild(o);
  });
  // A box picked opens at its first step, and hands the keys back to the steps.
  picker.addEventListener("change", function () {
    setStep(Number(picker.value), 1);
    picker.blur();
  });
  // Next past a box's last step goes on to the next box's first, previous before a box's
  // first step back to the box before, full.
  function forward() {
    if (state.step >= boxes[state.box].steps.length && state.box + 1 < boxes.length)
      return setStep(state.box + 1, 1);
    return setStep(state.box, state.step + 1);
  }
  function back() {
    if (state.step <= 0 && state.box > 0)
      return setStep(state.box - 1, boxes[state.box - 1].steps.length);
    return setStep(state.box, state.step - 1);
  }
  document.getElementById("slider").addEventListener("input", function (e) {
    setStep(state.box, Number(e.target.value));
  });
  document.getElementById("prev").addEventListener("click", back);
  document.getElementById("next").addEventListener("click", forward);
  document.getElementById("see-through").addEventListener("change", function (e) {
    state.seeThrough = e.target.checked;
    draw();
  });
  document.getElementById("labels").addEventListener("change", function (e) {
    state.labels = e.target.checked;
    draw();
  });
  document.addEventListener("keydown", function (e) {
    if (!boxes.length || (e.target && e.target.tagName === "SELECT")) return;
    const n = boxes[state.box].steps.length;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      if (e.key === "ArrowRight") forward(); else back();
      return;
    }
    const to = { Home: 0, End: n }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      setStep(state.box, to);
    }
  });

  window.cartonizeView = {
    boxCount: function () { return boxes.length; },
    stepCount: function (b) { return boxes[b].steps.length; },
    setStep: setStep,
    visibleCopies: function () {
      if (!boxes.length) return [];
      return boxes[state.box].steps.slice(0, state.step).map(function (s) {
        return { item: s.item, copy: s.copy, label: s.label };
      });
    },
    box: function () { return state.box; },
    // Whether the picture a print shows is of the step on screen.
    printReady: function () {
      return boxes.length > 0 && printed.dataset.step === state.box + ":" + state.step;
    },
    step: function () { return state.step; },
  };

  // "#box=N" in the address shows box N full (the batch report links each order so, to be
  // looked at); read when the page opens and whenever the address changes (back and forward
  // between two such addresses, or one typed), which loads no page.
  function fromAddress() {
    const m = /box=(\d+)/.exec(window.location.hash || "");
    if (!m || Number(m[1]) >= boxes.length) return false;
    setStep(Number(m[1]), boxes[Number(m[1])].steps.length);
    return true;
  }

  if (boxes.length) {
    // The page opens at the first box's first step, where a packer starts, or as its address
    // says.
    if (!fromAddress()) setStep(0, 1);
    window.addEventListener("hashchange", fromAddress);
  } else {
    // Nothing in a box (every copy too large, say): the page says so where the picture
    // goes, and what is in no box beside it.
    document.getElementById("controls").hidden = true;
    plot.classList.add("empty");
    document.getElementById("print-picture").hidden = true;
    plot.textContent = "No box or bag on this page: nothing here is packed in one.";
  }
})();
