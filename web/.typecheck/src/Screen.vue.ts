// generated from web/src/Screen.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, toDisplayString as _toDisplayString, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, createCommentVNode as _createCommentVNode } from "vue"

const _hoisted_1 = { class: "screen" }
const _hoisted_2 = { class: "clock" }
const _hoisted_3 = {
  key: 0,
  class: "body"
}
const _hoisted_4 = {
  class: "panel",
  "aria-label": "今日"
}
const _hoisted_5 = { class: "stats" }
const _hoisted_6 = { class: "stat" }
const _hoisted_7 = { class: "v today-expected" }
const _hoisted_8 = { class: "stat" }
const _hoisted_9 = { class: "v today-present" }
const _hoisted_10 = { class: "stat" }
const _hoisted_11 = { class: "v" }
const _hoisted_12 = { class: "stat" }
const _hoisted_13 = { class: "v today-evaluations" }
const _hoisted_14 = { class: "stat" }
const _hoisted_15 = { class: "v" }
const _hoisted_16 = { class: "stat" }
const _hoisted_17 = { class: "v" }
const _hoisted_18 = ["aria-label"]
const _hoisted_19 = {
  class: "panel",
  "aria-label": "窗口排名"
}
const _hoisted_20 = { class: "flag red-flag" }
const _hoisted_21 = { style: {"margin-top":"24px"} }
const _hoisted_22 = { class: "rank" }
const _hoisted_23 = {
  key: 1,
  class: "signin",
  role: "alert"
}

import { GaugeChart } from 'echarts/charts';
import { init, use, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { nextTick, onMounted, onUnmounted, ref } from 'vue';
import { api, ApiError, type Screen } from './api';

const REFRESH_MS = 30_000;
const KEY = 'hallscore.screenKey';

export default /*@__PURE__*/_defineComponent({
  __name: 'Screen',
  setup(__props) {

use([GaugeChart, CanvasRenderer]);
const hallId = decodeURIComponent(location.pathname.split('/')[2] || 'main');
const data = ref<Screen | null>(null);
const problem = ref('');
const now = ref(new Date());
const gauge = ref<HTMLDivElement | null>(null);
let chart: ECharts | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

// The key is given once in the URL, then kept by this browser and taken out of the address bar.
const url = new URL(location.href);
const given = url.searchParams.get('key');
if (given) {
  localStorage.setItem(KEY, given);
  url.searchParams.delete('key');
  history.replaceState(null, '', url.pathname + url.search);
}

const pct = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);
const clock = () => now.value.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', hour: '2-digit', minute: '2-digit' });

async function refresh(): Promise<void> {
  now.value = new Date();
  const key = localStorage.getItem(KEY);
  if (!key) return void (problem.value = '请用大屏密钥打开本页：/screen/' + hallId + '?key=…');
  try {
    data.value = await api.screen(hallId, key);
    problem.value = '';
    await nextTick();
    if (gauge.value) {
      chart ??= init(gauge.value);
      const rate = data.value.month.satisfactionRate;
      chart.setOption({
        series: [
          {
            type: 'gauge',
            min: 0,
            max: 100,
            progress: { show: true, width: 28, itemStyle: { color: '#ffd54f' } },
            axisLine: { lineStyle: { width: 28, color: [[1, 'rgba(255,255,255,0.18)']] } },
            axisLabel: { color: '#ffe082', fontSize: 20 },
            splitLine: { lineStyle: { color: '#ffe082' } },
            pointer: { itemStyle: { color: '#fff8e1' } },
            detail: { valueAnimation: false, formatter: rate === null ? '—' : '{value}%', color: '#fff', fontSize: 56, offsetCenter: [0, '70%'] },
            data: [{ value: rate === null ? 0 : Math.round(rate * 1000) / 10 }],
          },
        ],
      });
    }
  } catch (e) {
    problem.value = e instanceof ApiError && (e.status === 401 || e.status === 403) ? '大屏密钥无效，请联系大厅管理员' : '暂时无法获取数据，稍后自动重试';
  }
}

onMounted(() => {
  void refresh();
  timer = setInterval(() => void refresh(), REFRESH_MS);
});
onUnmounted(() => clearInterval(timer));

return (_ctx: any,_cache: any) => {
  return (_openBlock(), _createElementBlock("div", _hoisted_1, [
    _createElementVNode("header", null, [
      _cache[0] || (_cache[0] = _createElementVNode("h1", null, "政务服务大厅 · 服务评价", -1 /* CACHED */)),
      _createElementVNode("div", _hoisted_2, _toDisplayString(clock()), 1 /* TEXT */)
    ]),
    (data.value)
      ? (_openBlock(), _createElementBlock("main", _hoisted_3, [
          _createElementVNode("section", _hoisted_4, [
            _cache[7] || (_cache[7] = _createElementVNode("h2", null, "今日在岗", -1 /* CACHED */)),
            _createElementVNode("div", _hoisted_5, [
              _createElementVNode("div", _hoisted_6, [
                _createElementVNode("div", _hoisted_7, _toDisplayString(data.value.today.expected), 1 /* TEXT */),
                _cache[1] || (_cache[1] = _createElementVNode("div", { class: "k" }, "应到", -1 /* CACHED */))
              ]),
              _createElementVNode("div", _hoisted_8, [
                _createElementVNode("div", _hoisted_9, _toDisplayString(data.value.today.present), 1 /* TEXT */),
                _cache[2] || (_cache[2] = _createElementVNode("div", { class: "k" }, "已到", -1 /* CACHED */))
              ]),
              _createElementVNode("div", _hoisted_10, [
                _createElementVNode("div", _hoisted_11, _toDisplayString(data.value.today.onLeave), 1 /* TEXT */),
                _cache[3] || (_cache[3] = _createElementVNode("div", { class: "k" }, "请假", -1 /* CACHED */))
              ]),
              _createElementVNode("div", _hoisted_12, [
                _createElementVNode("div", _hoisted_13, _toDisplayString(data.value.today.evaluations), 1 /* TEXT */),
                _cache[4] || (_cache[4] = _createElementVNode("div", { class: "k" }, "今日评价", -1 /* CACHED */))
              ]),
              _createElementVNode("div", _hoisted_14, [
                _createElementVNode("div", _hoisted_15, _toDisplayString(pct(data.value.today.satisfactionRate)), 1 /* TEXT */),
                _cache[5] || (_cache[5] = _createElementVNode("div", { class: "k" }, "今日满意率", -1 /* CACHED */))
              ]),
              _createElementVNode("div", _hoisted_16, [
                _createElementVNode("div", _hoisted_17, _toDisplayString(data.value.month.evaluations), 1 /* TEXT */),
                _cache[6] || (_cache[6] = _createElementVNode("div", { class: "k" }, "本月评价", -1 /* CACHED */))
              ])
            ]),
            _cache[8] || (_cache[8] = _createElementVNode("h2", { style: {"margin-top":"28px"} }, "本月满意率", -1 /* CACHED */)),
            _createElementVNode("div", {
              ref_key: "gauge",
              ref: gauge,
              role: "img",
              "aria-label": `本月满意率 ${pct(data.value.month.satisfactionRate)}`,
              style: {"height":"330px"}
            }, null, 8 /* PROPS */, _hoisted_18)
          ]),
          _createElementVNode("section", _hoisted_19, [
            _cache[10] || (_cache[10] = _createElementVNode("h2", null, "流动红旗", -1 /* CACHED */)),
            _createElementVNode("p", _hoisted_20, _toDisplayString(data.value.redFlag ? `${data.value.redFlag.name}（${data.value.redFlag.period}）` : '本月评选中'), 1 /* TEXT */),
            _createElementVNode("h2", _hoisted_21, _toDisplayString(data.value.month.period) + " 窗口排名", 1 /* TEXT */),
            _createElementVNode("table", _hoisted_22, [
              _cache[9] || (_cache[9] = _createElementVNode("thead", null, [
                _createElementVNode("tr", null, [
                  _createElementVNode("th", null, "名次"),
                  _createElementVNode("th", null, "窗口"),
                  _createElementVNode("th", null, "平均分"),
                  _createElementVNode("th", null, "满意率")
                ])
              ], -1 /* CACHED */)),
              _createElementVNode("tbody", null, [
                (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(data.value.month.windows.slice(0, 6), (w) => {
                  return (_openBlock(), _createElementBlock("tr", {
                    key: w.windowId
                  }, [
                    _createElementVNode("td", null, _toDisplayString(w.rank), 1 /* TEXT */),
                    _createElementVNode("td", null, _toDisplayString(w.name), 1 /* TEXT */),
                    _createElementVNode("td", null, _toDisplayString(w.meanScore.toFixed(2)), 1 /* TEXT */),
                    _createElementVNode("td", null, _toDisplayString(pct(w.satisfactionRate)), 1 /* TEXT */)
                  ]))
                }), 128 /* KEYED_FRAGMENT */))
              ])
            ])
          ])
        ]))
      : _createCommentVNode("v-if", true),
    (problem.value)
      ? (_openBlock(), _createElementBlock("p", _hoisted_23, _toDisplayString(problem.value), 1 /* TEXT */))
      : _createCommentVNode("v-if", true)
  ]))
}
}

})