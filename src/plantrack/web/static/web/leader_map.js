/* The home page's 盟市 map: each 盟市 shaded by how many main indicators it has behind (滞后 and 严重滞后). */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("prefecture-map-data"), el = document.getElementById("prefecture-map");
    if (!source || !el) { return; }
    var d = JSON.parse(source.textContent);
    var chart = echarts.init(el);
    fetch(d.map_url).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("neimenggu", geo);
      chart.setOption({
        animation: false,
        tooltip: {trigger: "item", formatter: function (p) { return p.name + "<br>" + ((p.data || {}).summary || ""); }},
        visualMap: {min: 0, max: Math.max(1, d.max_behind), calculable: false, left: 0, bottom: 0,
                    text: [d.labels.behind, ""], inRange: {color: d.colours}},
        series: [{
          type: "map", map: "neimenggu", roam: false, nameProperty: "name", label: {show: true, fontSize: 10},
          data: d.units.map(function (u) { return {name: u.name, value: u.behind, summary: u.summary, url: u.url}; })
        }]
      }, true);
      chart.on("click", function (p) { if (p.data && p.data.url) { window.location.search = p.data.url.slice(1); } });
      el.setAttribute("data-ready", "1");
    }).catch(function () {
      // The list under the map holds the same counts; say why the map is missing rather than leave a blank.
      chart.dispose();
      el.textContent = d.labels.map_failed;
      el.classList.add("chart-failed");
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
