// generated from web/src/pages/ApiDoc.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, withCtx as _withCtx, openBlock as _openBlock, createElementBlock as _createElementBlock } from "vue"

const _hoisted_1 = { class: "page" }

import { onMounted, ref } from 'vue';
import { api } from '../api';


export default /*@__PURE__*/_defineComponent({
  __name: 'ApiDoc',
  setup(__props) {

const rows = ref<{ method: string; path: string; summary: string; who: string }[]>([]);
onMounted(async () => {
  const doc = await api.openapi();
  rows.value = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, summary: op.summary, who: op.description })),
  );
});

return (_ctx: any,_cache: any) => {
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[0] || (_cache[0] = _createElementVNode("h1", null, "接口文档", -1 /* CACHED */)),
    _cache[1] || (_cache[1] = _createElementVNode("p", { class: "muted" }, [
      _createTextVNode("OpenAPI 3.1 文档："),
      _createElementVNode("a", {
        href: "/openapi.json",
        target: "_blank"
      }, "/openapi.json"),
      _createTextVNode("（由校验请求的同一套模式生成）。")
    ], -1 /* CACHED */)),
    _createVNode(_component_el_table, { data: rows.value }, {
      default: _withCtx(() => [
        _createVNode(_component_el_table_column, {
          prop: "method",
          label: "方法",
          width: "80"
        }),
        _createVNode(_component_el_table_column, {
          prop: "path",
          label: "路径",
          "min-width": "220"
        }),
        _createVNode(_component_el_table_column, {
          prop: "summary",
          label: "说明",
          "min-width": "240"
        }),
        _createVNode(_component_el_table_column, {
          prop: "who",
          label: "权限",
          "min-width": "200"
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["data"])
  ]))
}
}

})