// The reading list's thin DOM layer over ReadingList (reading-list.js). The registry and every
// string come from the page's JSON block (hooks/reading_list.py). Text goes in by textContent
// only; the only addresses written are the registry's own.
(function () {
  var block = document.getElementById("rl-data");
  if (!block || typeof ReadingList === "undefined" || typeof SiteUI === "undefined") return;
  var R = ReadingList, data = JSON.parse(block.textContent), S = data.strings;
  var reg = R.index(data.pages), chosen = [], timer = 0;
  var $ = function (id) { return document.getElementById(id); };
  var sheet = $("rl-sheet"), build = $("rl-build"), search = $("rl-search"), field = $("rl-link");
  var canonical = document.querySelector('link[rel="canonical"]');

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function tier(entry) { return S.tiers[entry.tier] || entry.tier; }

  function announce(message) {
    var status = $("rl-status");
    status.textContent = "";
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { status.textContent = message; }, 50);
  }

  // The site's address rule (site-ui.js): SITE_URL's page address when the build had one, else
  // the current web address; from a copy on disk, no public address: the path in the site.
  // A printed sheet never shows this machine's own address (SiteUI.printAddress).
  function address(fragment, forPrint) {
    var page = (forPrint ? SiteUI.printAddress : SiteUI.pageAddress)(canonical && canonical.href, location.href);
    if (page) return { text: page + "#" + fragment, isPublic: true };
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return { text: SiteUI.pagePath(location.href, new URL(base + "/", location.href).href) + "#" + fragment,
             isPublic: false };
  }

  // The sheet: the chosen sections as a patient reads and prints them.
  function renderSheet(entries) {
    var list = $("rl-items"), place = address(R.fragment(entries.map(function (e) { return e.key; })), true);
    list.textContent = "";
    entries.forEach(function (e) {
      var li = make("li", "rl-item"), link = make("a", "rl-item-title", e.title), meta = make("p", "rl-meta");
      link.href = e.url;
      meta.appendChild(make("span", "rl-tier", tier(e)));
      meta.appendChild(document.createTextNode(" " + e.pageTitle));
      li.appendChild(link);
      li.appendChild(meta);
      li.appendChild(make("p", "rl-summary", e.summary));
      list.appendChild(li);
    });
    $("rl-address-label").textContent = place.isPublic ? $("rl-address-label").dataset.label : S.sheet_no_address;
    $("rl-address").textContent = entries.length ? place.text : "";
  }

  // The builder's ordered list, its link, and the sheet that prints.
  function renderChosen(focus) {
    var list = $("rl-chosen"), entries = chosen.map(function (k) { return reg.byKey[k]; });
    list.textContent = "";
    entries.forEach(function (e, i) {
      var li = make("li", "rl-choice"), meta = make("span", "rl-meta");
      li.appendChild(make("span", "rl-choice-title", e.title));
      meta.appendChild(make("span", "rl-tier", tier(e)));
      meta.appendChild(document.createTextNode(" " + e.pageTitle));
      li.appendChild(meta);
      var tools = make("span", "rl-choice-tools");
      [["up", S.move_up, i === 0], ["down", S.move_down, i === entries.length - 1], ["remove", S.remove, false]]
        .forEach(function (b) {
          var button = make("button", "rl-button rl-small", b[1]);
          button.type = "button";
          button.dataset.action = b[0];
          button.dataset.index = String(i);
          button.setAttribute("aria-label", b[1] + ": " + e.title);
          if (b[2]) button.setAttribute("aria-disabled", "true");
          tools.appendChild(button);
        });
      li.appendChild(tools);
      list.appendChild(li);
    });
    $("rl-empty").hidden = entries.length > 0;
    var place = address(R.fragment(chosen));
    field.value = chosen.length ? place.text : "";
    $("rl-link-note").hidden = place.isPublic;
    $("rl-link-note").textContent = place.isPublic ? "" : S.no_address;
    renderSheet(entries);
    sheet.hidden = entries.length === 0;
    if (focus) {
      var target = list.querySelector('[data-index="' + focus[1] + '"][data-action="' + focus[0] + '"]');
      (target || search).focus();
    }
  }

  // The picker: every offered section, grouped by page (its tier beside the page's title).
  function renderPicker() {
    var results = $("rl-results"), groups = {};
    reg.all.forEach(function (e) {
      if (!e.pick) return;
      var group = groups[e.page];
      if (!group) {
        group = groups[e.page] = make("fieldset", "rl-group");
        var legend = make("legend", "", e.pageTitle + " ");
        legend.appendChild(make("span", "rl-tier", tier(e)));
        group.appendChild(legend);
        group.appendChild(make("ul", "rl-options"));
        results.appendChild(group);
      }
      var li = make("li", "rl-option"), label = make("label"), box = make("input");
      box.type = "checkbox";
      box.value = e.key;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + e.title));
      li.appendChild(label);
      group.lastChild.appendChild(li);
    });
  }

  // Matches are found once per query; an option's or group's `hidden` is written only when it
  // changes, so the first call (every option shown) costs the page no style work.
  function applySearch() {
    var shown = 0, keep = {};
    R.filter(reg.all, search.value).forEach(function (e) { keep[e.key] = true; });
    $("rl-results").querySelectorAll(".rl-group").forEach(function (group) {
      var any = false;
      group.querySelectorAll("input").forEach(function (box) {
        var ok = keep[box.value] === true, li = box.parentNode.parentNode;
        if (li.hidden === ok) li.hidden = !ok;
        if (ok) { any = true; shown += 1; }
      });
      if (group.hidden === any) group.hidden = !any;
    });
    $("rl-count").textContent = shown === 0 ? S.matches_none
      : R.format(shown === 1 ? S.matches_one : S.matches_many, { n: shown });
  }

  function syncBoxes() {
    $("rl-results").querySelectorAll("input").forEach(function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
    });
  }

  // The builder; the sheet then shows only in print. Focus moves only when the reader asked.
  function showBuilder(focus) {
    build.hidden = false;
    document.body.classList.remove("rl-viewing");
    sheet.classList.add("rl-sheet--print");
    syncBoxes();
    renderChosen();
    if (focus) search.focus();
  }

  // Opening a link: the listed sections, in order, and how many names were left out.
  function openLink() {
    var names = R.parse(location.hash);
    if (!names.length) return false;
    var result = R.resolve(names, reg.byKey), notice = $("rl-unknown");
    $("rl-status").textContent = "";
    chosen = result.found.map(function (e) { return e.key; });
    notice.textContent = (result.found.length ? "" : S.none_found + " ") + R.unknownText(result.unknown, S);
    notice.hidden = !notice.textContent.trim();
    renderSheet(result.found);
    sheet.classList.remove("rl-sheet--print");
    sheet.hidden = false;
    build.hidden = true;
    document.body.classList.add("rl-viewing");     // a patient's view: the clinicians' intro steps aside
    return true;
  }

  $("rl-address-label").dataset.label = $("rl-address-label").textContent;
  renderPicker();
  applySearch();
  if (!openLink()) showBuilder(false);
  window.addEventListener("hashchange", function () { if (openLink()) sheet.focus(); });

  search.addEventListener("input", applySearch);
  $("rl-results").addEventListener("change", function (event) {
    var box = event.target, e = reg.byKey[box.value];
    if (!e) return;
    var at = chosen.indexOf(box.value);
    if (box.checked && at < 0) chosen.push(box.value);
    if (!box.checked && at >= 0) chosen.splice(at, 1);
    renderChosen();
    announce(box.checked ? R.format(S.added, { title: e.title, n: chosen.length, total: chosen.length })
                         : R.format(S.removed, { title: e.title }));
  });
  $("rl-chosen").addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    var i = Number(button.dataset.index), action = button.dataset.action, e = reg.byKey[chosen[i]];
    if (action === "remove") {
      chosen.splice(i, 1);
      syncBoxes();
      renderChosen(chosen.length ? ["remove", Math.min(i, chosen.length - 1)] : ["", -1]);
      announce(R.format(S.removed, { title: e.title }));
      return;
    }
    var j = i + (action === "up" ? -1 : 1);
    chosen = R.move(chosen, i, j - i);
    renderChosen([action, j]);
    announce(R.format(S.moved, { title: e.title, n: j + 1, total: chosen.length }));
  });
  $("rl-copy").addEventListener("click", function () {
    if (!chosen.length) { announce(S.choose_first); return; }
    var place = address(R.fragment(chosen));
    function fallback(message) {
      field.focus();
      field.select();
      announce(message);
    }
    if (!place.isPublic) { fallback(S.no_address); return; }
    if (!navigator.clipboard || !navigator.clipboard.writeText) { fallback(S.copy_fallback); return; }
    navigator.clipboard.writeText(place.text).then(function () { announce(S.copied); },
                                                   function () { fallback(S.copy_fallback); });
  });
  $("rl-edit").addEventListener("click", function () { showBuilder(true); });
  $("rl-print").addEventListener("click", function () { window.print(); });
  $("rl-print-view").addEventListener("click", function () { window.print(); });
})();
