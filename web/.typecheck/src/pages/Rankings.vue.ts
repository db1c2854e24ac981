// generated from web/src/pages/Rankings.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createVNode as _createVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, toDisplayString as _toDisplayString, unref as _unref, Fragment as _Fragment, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }

import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { getInstanceByDom, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { nextTick, onMounted, ref } from 'vue';
import { api, ApiError, currentMonth, type Ranking, type Window } from '../api';
import { GRADE, pct } from '../labels';
import PeriodPicker from '../components/PeriodPicker.vue';


export default /*@__PURE__*/_defineComponent({
  __name: 'Rankings',
  setup(__props) {

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);
const period = ref(currentMonth());
const data = ref<Ranking | null>(null);
const names = ref(new Map<string, string>());
const error = ref('');
const chart = ref<HTMLDivElement | null>(null);

async function load(): Promise<void> {
  error.value = '';
  try {
    data.value = await api.rankings(period.value);
    try {
      names.value = new Map((await api.list('windows')).map((w: Window & { id: string }) => [w.id, w.name]));
    } catch {
      names.value = new Map();
    }
    await nextTick();
    if (chart.value && data.value) {
      const c = getInstanceByDom(chart.value) ?? init(chart.value);
      const ws = data.value.windows;
      c.setOption({
        tooltip: {},
        grid: { left: 40, right: 10, top: 20, bottom: 30 },
        xAxis: { type: 'category', data: ws.map((w) => names.value.get(w.windowId) ?? w.windowId) },
        yAxis: { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min - 5)) },
        series: [{ type: 'bar', data: ws.map((w) => w.meanScore), itemStyle: { color: '#c62828' } }],
      });
    }
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  }
}
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!
  const _component_el_col = _resolveComponent("el-col")!
  const _component_el_row = _resolveComponent("el-row")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[4] || (_cache[4] = _createElementVNode("h1", null, "排名与流动红旗", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _createVNode(PeriodPicker, {
        id: "rank-period",
        modelValue: period.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((period).value = $event)),
        onChange: load
      }, null, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, {
        type: "primary",
        onClick: load
      }, {
        default: _withCtx(() => [...(_cache[1] || (_cache[1] = [
          _createTextVNode("查询", -1 /* CACHED */)
        ]))]),
        _: 1 /* STABLE */
      })
    ]),
    (error.value)
      ? (_openBlock(), _createBlock(_component_el_alert, {
          key: 0,
          title: error.value,
          type: "error",
          closable: false
        }, null, 8 /* PROPS */, ["title"]))
      : _createCommentVNode("v-if", true),
    (data.value)
      ? (_openBlock(), _createElementBlock(_Fragment, { key: 1 }, [
          (data.value.redFlagWindowId)
            ? (_openBlock(), _createBlock(_component_el_alert, {
                key: 0,
                type: "success",
                closable: false,
                title: `流动红旗：${names.value.get(data.value.redFlagWindowId) ?? data.value.redFlagWindowId}`
              }, null, 8 /* PROPS */, ["title"]))
            : (_openBlock(), _createBlock(_component_el_alert, {
                key: 1,
                type: "info",
                closable: false,
                title: "本期暂无流动红旗窗口"
              })),
          _createElementVNode("div", {
            ref_key: "chart",
            ref: chart,
            role: "img",
            "aria-label": "窗口平均分柱状图",
            style: {"height":"260px","margin":"12px 0"}
          }, null, 512 /* NEED_PATCH */),
          _createVNode(_component_el_row, { gutter: 12 }, {
            default: _withCtx(() => [
              _createVNode(_component_el_col, {
                xs: 24,
                md: 12
              }, {
                default: _withCtx(() => [
                  _cache[2] || (_cache[2] = _createElementVNode("h2", { style: {"font-size":"16px"} }, "窗口排名", -1 /* CACHED */)),
                  _createVNode(_component_el_table, {
                    data: data.value.windows
                  }, {
                    default: _withCtx(() => [
                      _createVNode(_component_el_table_column, {
                        prop: "rank",
                        label: "名次",
                        width: "70"
                      }),
                      _createVNode(_component_el_table_column, { label: "窗口" }, {
                        default: _withCtx(({ row }) => [
                          _createTextVNode(_toDisplayString(names.value.get(row.windowId) ?? row.windowId), 1 /* TEXT */)
                        ]),
                        _: 1 /* STABLE */
                      }),
                      _createVNode(_component_el_table_column, { label: "平均分" }, {
                        default: _withCtx(({ row }) => [
                          _createTextVNode(_toDisplayString(row.meanScore.toFixed(2)), 1 /* TEXT */)
                        ]),
                        _: 1 /* STABLE */
                      }),
                      _createVNode(_component_el_table_column, { label: "满意率" }, {
                        default: _withCtx(({ row }) => [
                          _createTextVNode(_toDisplayString(_unref(pct)(row.satisfactionRate)), 1 /* TEXT */)
                        ]),
                        _: 1 /* STABLE */
                      })
                    ]),
                    _: 1 /* STABLE */
                  }, 8 /* PROPS */, ["data"])
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_col, {
                xs: 24,
                md: 12
              }, {
                default: _withCtx(() => [
                  _cache[3] || (_cache[3] = _createElementVNode("h2", { style: {"font-size":"16px"} }, "人员排名", -1 /* CACHED */)),
                  _createVNode(_component_el_table, {
                    data: data.value.staff
                  }, {
                    default: _withCtx(() => [
                      _createVNode(_component_el_table_column, {
                        prop: "rank",
                        label: "名次",
                        width: "70"
                      }),
                      _createVNode(_component_el_table_column, {
                        prop: "staffId",
                        label: "人员"
                      }),
                      _createVNode(_component_el_table_column, { label: "得分" }, {
                        default: _withCtx(({ row }) => [
                          _createTextVNode(_toDisplayString(row.score.toFixed(2)), 1 /* TEXT */)
                        ]),
                        _: 1 /* STABLE */
                      }),
                      _createVNode(_component_el_table_column, { label: "等次" }, {
                        default: _withCtx(({ row }) => [
                          _createTextVNode(_toDisplayString(_unref(GRADE)[row.grade] ?? row.grade), 1 /* TEXT */)
                        ]),
                        _: 1 /* STABLE */
                      })
                    ]),
                    _: 1 /* STABLE */
                  }, 8 /* PROPS */, ["data"])
                ]),
                _: 1 /* STABLE */
              })
            ]),
            _: 1 /* STABLE */
          })
        ], 64 /* STABLE_FRAGMENT */))
      : _createCommentVNode("v-if", true)
  ]))
}
}

})