// generated from web/src/pages/Sheets.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createVNode as _createVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, toDisplayString as _toDisplayString, unref as _unref, withModifiers as _withModifiers, resolveDirective as _resolveDirective, withDirectives as _withDirectives, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }

import { onMounted, ref } from 'vue';
import { api, ApiError, currentMonth, type Sheet } from '../api';
import { GRADE, pct } from '../labels';
import { go, route } from '../router';
import PeriodPicker from '../components/PeriodPicker.vue';


export default /*@__PURE__*/_defineComponent({
  __name: 'Sheets',
  setup(__props) {

const period = ref(route.query.period ?? currentMonth());
const sheets = ref<Omit<Sheet, 'items'>[]>([]);
const loading = ref(false);
const error = ref('');
async function load(): Promise<void> {
  loading.value = true;
  error.value = '';
  try {
    sheets.value = (await api.sheets(period.value)).sheets;
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  } finally {
    loading.value = false;
  }
}
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!
  const _directive_loading = _resolveDirective("loading")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[4] || (_cache[4] = _createElementVNode("h1", null, "考核表", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _createVNode(PeriodPicker, {
        id: "sheets-period",
        modelValue: period.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((period).value = $event)),
        onChange: load
      }, null, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, {
        type: "primary",
        onClick: load
      }, {
        default: _withCtx(() => [...(_cache[2] || (_cache[2] = [
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
    _withDirectives((_openBlock(), _createBlock(_component_el_table, {
      data: sheets.value,
      class: "sheet-list",
      "empty-text": "暂无考核表",
      onRowClick: _cache[1] || (_cache[1] = (r) => _unref(go)('/sheet', { period: period.value, staffId: r.staffId }))
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "name",
          label: "姓名",
          "min-width": "90"
        }),
        _createVNode(_component_el_table_column, {
          prop: "windowId",
          label: "窗口",
          "min-width": "70"
        }),
        _createVNode(_component_el_table_column, {
          prop: "departmentId",
          label: "派驻部门",
          "min-width": "90"
        }),
        _createVNode(_component_el_table_column, {
          label: "得分",
          "min-width": "70"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.score.toFixed(2)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "等次",
          "min-width": "70"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(GRADE)[row.grade] ?? row.grade), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "满意率",
          "min-width": "80"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(_unref(pct)(row.evaluations.satisfactionRate)), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "状态",
          "min-width": "70"
        }, {
          default: _withCtx(({ row }) => [
            _createTextVNode(_toDisplayString(row.status === 'closed' ? '已归档' : '进行中'), 1 /* TEXT */)
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_table_column, {
          label: "",
          "min-width": "70"
        }, {
          default: _withCtx(({ row }) => [
            _createVNode(_component_el_button, {
              link: "",
              type: "primary",
              onClick: _withModifiers(($event: any) => (_unref(go)('/sheet', { period: period.value, staffId: row.staffId })), ["stop"])
            }, {
              default: _withCtx(() => [...(_cache[3] || (_cache[3] = [
                _createTextVNode("明细", -1 /* CACHED */)
              ]))]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["onClick"])
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])), [
      [_directive_loading, loading.value]
    ])
  ]))
}
}

})