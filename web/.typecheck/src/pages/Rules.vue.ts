// generated from web/src/pages/Rules.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, toDisplayString as _toDisplayString, openBlock as _openBlock, createElementBlock as _createElementBlock, createCommentVNode as _createCommentVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, createTextVNode as _createTextVNode, withCtx as _withCtx } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = {
  key: 0,
  class: "muted"
}

import { ElMessage } from 'element-plus';
import { onMounted, ref } from 'vue';
import { api, ApiError, type RuleSet } from '../api';


export default /*@__PURE__*/_defineComponent({
  __name: 'Rules',
  setup(__props) {

const rules = ref<RuleSet | null>(null);
const text = ref('');
async function load(): Promise<void> {
  rules.value = await api.rules();
  const { version: _v, ...body } = rules.value;
  text.value = JSON.stringify(body, null, 2);
}
async function save(): Promise<void> {
  try {
    const r = await api.putRules(JSON.parse(text.value));
    ElMessage.success(`已保存为第 ${r.version} 版`);
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? `${e.message}：${e.errors.map((x) => `${x.path} ${x.message}`).join('；')}` : '内容不是有效的 JSON');
  }
}
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_button = _resolveComponent("el-button")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[2] || (_cache[2] = _createElementVNode("h1", null, "考核规则", -1 /* CACHED */)),
    (rules.value)
      ? (_openBlock(), _createElementBlock("p", _hoisted_2, "当前为第 " + _toDisplayString(rules.value.version) + " 版" + _toDisplayString(rules.value.version === 0 ? '（默认规则）' : '') + "。保存即生成新版本：进行中的考核表按新规则计分，已归档的周期保持归档时的版本。", 1 /* TEXT */))
      : _createCommentVNode("v-if", true),
    _createVNode(_component_el_input, {
      modelValue: text.value,
      "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((text).value = $event)),
      type: "textarea",
      rows: 22,
      "aria-label": "规则内容（JSON）",
      style: {"font-family":"monospace"}
    }, null, 8 /* PROPS */, ["modelValue"]),
    _createVNode(_component_el_button, {
      type: "primary",
      style: {"margin-top":"8px"},
      onClick: save
    }, {
      default: _withCtx(() => [...(_cache[1] || (_cache[1] = [
        _createTextVNode("保存为新版本", -1 /* CACHED */)
      ]))]),
      _: 1 /* STABLE */
    })
  ]))
}
}

})