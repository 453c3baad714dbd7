/* The dashboard's charts (保密工作看板): ECharts draws each chart of the JSON the page
   embeds (#dashboard-data, the same the API answers) into its [data-chart] element; a click
   on a bar or a slice opens the list behind it. No inline script (CSP): this file only. */
(function () {
  'use strict';

  // The deadlines' series: overdue in red, due soon in orange; other charts ECharts' palette.
  var TONES = { deadlines: ['#dc3545', '#fd7e14'] };

  function local(url) {
    return typeof url === 'string' && url.charAt(0) === '/' && url.charAt(1) !== '/';
  }

  function bars(spec) {
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
      legend: { show: spec.series.length > 1, top: 0, type: 'scroll' },
      grid: { left: 8, right: 24, top: spec.series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: spec.categories,
        axisLabel: { width: 110, overflow: 'truncate' }
      },
      series: spec.series.map(function (s) {
        return { type: 'bar', name: s.name, data: s.values.map(Number), cursor: 'pointer' };
      })
    };
  }

  function pie(spec) {
    var s = spec.series[0];
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'item', renderMode: 'richText' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{
        type: 'pie',
        name: s.name,
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: function (p) { return p.value ? String(p.value) : ''; } },
        cursor: 'pointer',
        data: spec.categories.map(function (name, i) {
          return { name: name, value: Number(s.values[i]) };
        })
      }]
    };
  }

  function draw(spec) {
    var box = document.querySelector('[data-chart="' + CSS.escape(spec.key) + '"]');
    if (!box) { return null; }
    var option = spec.kind === 'pie' ? pie(spec) : bars(spec);
    option.animation = false;  // drawn at once: no motion, and a click lands on the bar
    var tones = TONES[spec.key.split('.')[0]];
    if (tones) { option.color = tones; }
    var chart = window.echarts.init(box, null, { renderer: 'canvas' });
    chart.setOption(option);
    chart.on('click', function (params) {
      var series = spec.series[spec.kind === 'pie' ? 0 : params.seriesIndex];
      var url = series && series.urls[params.dataIndex];
      if (local(url)) { window.location.assign(url); }
    });
    box.setAttribute('data-drawn', '');
    return chart;
  }

  function start() {
    var source = document.getElementById('dashboard-data');
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var charts = data.charts.map(draw).filter(Boolean);
    window.addEventListener('resize', function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
