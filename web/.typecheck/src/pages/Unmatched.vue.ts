// generated from web/src/pages/Unmatched.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, withCtx as _withCtx, openBlock as _openBlock, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }

import { onMounted, ref } from 'vue';
import { api } from '../api';


export default /*@__PURE__*/_defineComponent({
  __name: 'Unmatched',
  setup(__props) {

const data = ref<{ punches: Record<string, unknown>[]; rejectedLines: Record<string, unknown>[] }>({ punches: [], rejectedLines: [] });
onMounted(async () => (data.value = await api.unmatched()));

return (_ctx: any,_cache: any) => {
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[0] || (_cache[0] = _createElementVNode("h1", null, "未匹配打卡", -1 /* CACHED */)),
    _cache[1] || (_cache[1] = _createElementVNode("p", { class: "muted" }, "考勤机上报、但没有人员登记该 PIN 的打卡。在“基础数据 → 人员”中为人员填写 PIN 后，新的打卡即可匹配。", -1 /* CACHED */)),
    _createVNode(_component_el_table, {
      data: data.value.punches,
      "empty-text": "没有未匹配的打卡"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "sn",
          label: "设备序列号"
        }),
        _createVNode(_component_el_table_column, {
          prop: "pin",
          label: "PIN"
        }),
        _createVNode(_component_el_table_column, {
          prop: "local",
          label: "打卡时间"
        }),
        _createVNode(_component_el_table_column, {
          prop: "receivedAt",
          label: "接收时间"
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"]),
    _cache[2] || (_cache[2] = _createElementVNode("h2", { style: {"font-size":"16px"} }, "无法识别的设备数据行", -1 /* CACHED */)),
    _createVNode(_component_el_table, {
      data: data.value.rejectedLines,
      "empty-text": "没有"
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "sn",
          label: "设备序列号"
        }),
        _createVNode(_component_el_table_column, {
          prop: "raw",
          label: "原始内容"
        }),
        _createVNode(_component_el_table_column, {
          prop: "message",
          label: "原因"
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])
  ]))
}
}

})