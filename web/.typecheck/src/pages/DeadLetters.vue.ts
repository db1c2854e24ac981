// generated from web/src/pages/DeadLetters.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, createVNode as _createVNode, openBlock as _openBlock, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }

import { ElMessage } from 'element-plus';
import { onMounted, ref } from 'vue';
import { api } from '../api';


export default /*@__PURE__*/_defineComponent({
  __name: 'DeadLetters',
  setup(__props) {

const rows = ref<Record<string, unknown>[]>([]);
const load = async () => (rows.value = (await api.deadLetters()).deadLetters);
async function redrive(): Promise<void> {
  const r = await api.redrive();
  ElMessage.success(`已重新投递 ${r.redriven} 条，失败 ${r.failed} 条`);
  await load();
}
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[1] || (_cache[1] = _createElementVNode("h1", null, "死信队列", -1 /* CACHED */)),
    _cache[2] || (_cache[2] = _createElementVNode("p", { class: "muted" }, "处理多次失败后被搁置的消息。排除原因后可全部重新投递（重复处理不会重复计分）。", -1 /* CACHED */)),
    _createVNode(_component_el_button, {
      type: "primary",
      disabled: rows.value.length === 0,
      onClick: redrive
    }, {
      default: _withCtx(() => [...(_cache[0] || (_cache[0] = [
        _createTextVNode("全部重新投递", -1 /* CACHED */)
      ]))]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["disabled"]),
    _createVNode(_component_el_table, {
      data: rows.value,
      "empty-text": "没有死信",
      style: {"margin-top":"8px"}
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "at",
          label: "时间",
          "min-width": "160"
        }),
        _createVNode(_component_el_table_column, {
          prop: "consumer",
          label: "处理程序"
        }),
        _createVNode(_component_el_table_column, {
          prop: "error",
          label: "错误",
          "min-width": "240"
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])
  ]))
}
}

})