// generated from web/src/components/PeriodPicker.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { toDisplayString as _toDisplayString, createElementVNode as _createElementVNode, unref as _unref, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, createBlock as _createBlock, createVNode as _createVNode } from "vue"

const _hoisted_1 = { class: "period-picker" }
const _hoisted_2 = ["for"]

import { computed } from 'vue';
import { kindOf, periodOf, PERIOD_KIND, type PeriodKind } from '../periods';


export default /*@__PURE__*/_defineComponent({
  __name: 'PeriodPicker',
  props: {
    id: { type: String, required: true },
    modelValue: { type: String, required: true },
    label: { type: String, required: false }
  },
  emits: ["update:modelValue", "change"],
  setup(__props: any, { emit: __emit }) {

/**
 * The period pickers of every page: a kind (月度/季度/半年/年度) that jumps to the current period of
 * that kind, and the period itself, editable (earlier periods are typed: 2026-09, 2026-Q3, 2026-H1, 2026).
 */
const props = __props;
const emit = __emit;
const kind = computed(() => kindOf(props.modelValue) ?? 'month');
function setKind(k: PeriodKind): void {
  const p = periodOf(k);
  emit('update:modelValue', p);
  emit('change', p);
}

return (_ctx: any,_cache: any) => {
  const _component_el_radio_button = _resolveComponent("el-radio-button")!
  const _component_el_radio_group = _resolveComponent("el-radio-group")!
  const _component_el_input = _resolveComponent("el-input")!

  return (_openBlock(), _createElementBlock("span", _hoisted_1, [
    _createElementVNode("label", {
      class: "muted",
      for: props.id
    }, _toDisplayString(props.label ?? '考核周期'), 9 /* TEXT, PROPS */, _hoisted_2),
    _createVNode(_component_el_radio_group, {
      "model-value": kind.value,
      size: "small",
      class: "period-kind",
      "aria-label": "周期类型",
      onChange: _cache[0] || (_cache[0] = (k) => setKind(k as PeriodKind))
    }, {
      default: _withCtx(() => [
        (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(_unref(PERIOD_KIND), (l, k) => {
          return (_openBlock(), _createBlock(_component_el_radio_button, {
            key: k,
            value: k
          }, {
            default: _withCtx(() => [
              _createTextVNode(_toDisplayString(l), 1 /* TEXT */)
            ]),
            _: 2 /* DYNAMIC */
          }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["value"]))
        }), 128 /* KEYED_FRAGMENT */))
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["model-value"]),
    _createVNode(_component_el_input, {
      id: props.id,
      "model-value": props.modelValue,
      style: {"width":"120px"},
      placeholder: "2026-09",
      "onUpdate:modelValue": _cache[1] || (_cache[1] = (v) => emit('update:modelValue', v.trim())),
      onChange: _cache[2] || (_cache[2] = (v) => emit('change', v.trim()))
    }, null, 8 /* PROPS */, ["id", "model-value"])
  ]))
}
}

})