/* Indicator page: the series chart and the 盟市 map, drawn with ECharts from the JSON the server put in the page. */
(function () {
  "use strict";

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function seriesChart(el, d) {
    var chart = echarts.init(el);
    var simulated = new Set(d.simulated_years);
    var series = [
      {name: d.labels.actual, type: "line", data: d.actual, symbolSize: 8, lineStyle: {width: 3, color: d.colour},
       itemStyle: {color: d.colour},
       label: {show: true, formatter: function (p) { return simulated.has(p.value[0]) ? d.labels.simulated : ""; },
               fontSize: 10, color: "#8a5a00"}},
      {name: d.labels.target_path, type: "line", data: d.target_path, symbol: "none",
       lineStyle: {type: "dashed", color: "#5b6773"}},
      {name: d.labels.annual_target, type: "scatter", data: d.annual_targets, symbol: "diamond", symbolSize: 12,
       itemStyle: {color: "#6b4e00"}},
      {name: d.labels.projection, type: "line", data: d.projection, symbol: "circle", symbolSize: 6,
       lineStyle: {type: "dotted", width: 2, color: d.colour}, itemStyle: {color: d.colour}}
    ];
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis", axisPointer: {label: {formatter: function (p) { return String(p.value); }}}},
      legend: {top: 0},
      grid: {left: 60, right: 30, top: 40, bottom: 40},
      xAxis: {type: "value", minInterval: 1, scale: true, axisLabel: {formatter: function (v) { return String(v); }}},
      yAxis: {type: "value", scale: true, name: d.measure},
      series: series
    });
    return chart;
  }

  function mapOption(d, mode) {
    var values = d.units.map(function (u) { return u.value; }).filter(function (v) { return v !== null; });
    var byStatus = mode === "status";
    var option = {
      animation: false,
      tooltip: {trigger: "item", formatter: function (p) {
        var u = p.data || {};
        return p.name + "<br>" + (u.status || "") + "<br>" + (u.value === null || u.value === undefined ? d.labels.no_value : u.value + " " + d.measure);
      }},
      series: [{
        type: "map", map: "neimenggu", roam: false, nameProperty: "name",
        label: {show: true, fontSize: 10},
        data: d.units.map(function (u) {
          var item = {name: u.name, value: u.value, status: u.status};
          if (byStatus) { item.itemStyle = {areaColor: u.colour}; }
          return item;
        })
      }]
    };
    if (!byStatus && values.length) {
      option.visualMap = {min: Math.min.apply(null, values), max: Math.max.apply(null, values), calculable: true,
                          left: 0, bottom: 0, inRange: {color: ["#e3eef9", "#0b57a4"]}, text: [d.measure, ""]};
    } else {
      option.legend = {show: false};
      option.graphic = d.legend.map(function (l, i) {
        return {type: "group", left: 0, bottom: 10 + i * 18, children: [
          {type: "rect", shape: {width: 12, height: 12}, style: {fill: l.colour}},
          {type: "text", left: 16, style: {text: l.status, fontSize: 11, fill: "#1d2733"}, x: 16}
        ]};
      });
    }
    return option;
  }

  function unitMap(el, d) {
    var chart = echarts.init(el);
    fetch(d.map_url).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("neimenggu", geo);
      chart.setOption(mapOption(d, "status"), true);
      el.setAttribute("data-ready", "1");
      document.querySelectorAll("input[name=map-colour]").forEach(function (input) {
        input.addEventListener("change", function () { chart.setOption(mapOption(d, input.value), true); });
      });
    }).catch(function () {
      // The table beside the map holds the same figures; say why the map is missing rather than leave a blank.
      chart.dispose();
      el.textContent = d.labels.map_failed;
      el.classList.add("chart-failed");
    });
    return chart;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = [];
    var s = data("series-data"), m = data("map-data");
    var sEl = document.getElementById("series-chart"), mEl = document.getElementById("unit-map");
    if (s && sEl) { charts.push(seriesChart(sEl, s)); sEl.setAttribute("data-ready", "1"); }
    if (m && mEl) { charts.push(unitMap(mEl, m)); }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
