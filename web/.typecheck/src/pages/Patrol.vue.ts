// generated from web/src/pages/Patrol.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, unref as _unref, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, resolveComponent as _resolveComponent, createBlock as _createBlock, withCtx as _withCtx, createVNode as _createVNode, toDisplayString as _toDisplayString, createTextVNode as _createTextVNode, withModifiers as _withModifiers, createCommentVNode as _createCommentVNode } from "vue"

const _hoisted_1 = {
  class: "page",
  style: {"max-width":"560px"}
}
const _hoisted_2 = {
  key: 0,
  class: "patrol-done"
}

import { ElMessage } from 'element-plus';
import { reactive, ref } from 'vue';
import { api, ApiError, hallNow, newId } from '../api';
import { INSPECTION_ITEM } from '../labels';
import { useStaff } from './useStaff';


export default /*@__PURE__*/_defineComponent({
  __name: 'Patrol',
  setup(__props) {

const staff = useStaff();
const form = reactive({ staffId: '', item: '', note: '' });
const saving = ref(false);
const done = ref<string[]>([]);

async function submit(): Promise<void> {
  if (!form.staffId || !form.item) return void ElMessage.warning('请选择人员和巡查项目');
  saving.value = true;
  try {
    const id = newId('patrol');
    await api.post({ id, type: 'inspection.recorded', occurredAt: hallNow(), staffId: form.staffId, item: form.item as never, ...(form.note ? { note: form.note } : {}) });
    const who = staff.value.find((s) => s.id === form.staffId)?.name ?? form.staffId;
    done.value.unshift(`${who}：${INSPECTION_ITEM[form.item]}`);
    ElMessage.success('巡查记录已提交');
    form.item = '';
    form.note = '';
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    saving.value = false;
  }
}

return (_ctx: any,_cache: any) => {
  const _component_el_option = _resolveComponent("el-option")!
  const _component_el_select = _resolveComponent("el-select")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_radio_button = _resolveComponent("el-radio-button")!
  const _component_el_radio_group = _resolveComponent("el-radio-group")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_form = _resolveComponent("el-form")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[4] || (_cache[4] = _createElementVNode("h1", null, "巡查记录", -1 /* CACHED */)),
    _createVNode(_component_el_form, {
      "label-position": "top",
      onSubmit: _withModifiers(submit, ["prevent"])
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_form_item, {
          label: "窗口工作人员",
          for: "patrol-staff"
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_select, {
              id: "patrol-staff",
              modelValue: form.staffId,
              "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((form.staffId) = $event)),
              filterable: "",
              placeholder: "选择人员",
              style: {"width":"100%"}
            }, {
              default: _withCtx(() => [
                (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(_unref(staff), (s) => {
                  return (_openBlock(), _createBlock(_component_el_option, {
                    key: s.id,
                    label: `${s.name}（${s.windowId}）`,
                    value: s.id
                  }, null, 8 /* PROPS */, ["label", "value"]))
                }), 128 /* KEYED_FRAGMENT */))
              ]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["modelValue"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_form_item, { label: "巡查项目" }, {
          default: _withCtx(() => [
            _createVNode(_component_el_radio_group, {
              modelValue: form.item,
              "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((form.item) = $event)),
              class: "patrol-items",
              "aria-label": "巡查项目"
            }, {
              default: _withCtx(() => [
                (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(_unref(INSPECTION_ITEM), (label, code) => {
                  return (_openBlock(), _createBlock(_component_el_radio_button, {
                    key: code,
                    value: code
                  }, {
                    default: _withCtx(() => [
                      _createTextVNode(_toDisplayString(label), 1 /* TEXT */)
                    ]),
                    _: 2 /* DYNAMIC */
                  }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["value"]))
                }), 128 /* KEYED_FRAGMENT */))
              ]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["modelValue"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_form_item, {
          label: "备注",
          for: "patrol-note"
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_input, {
              id: "patrol-note",
              modelValue: form.note,
              "onUpdate:modelValue": _cache[2] || (_cache[2] = ($event: any) => ((form.note) = $event)),
              type: "textarea",
              rows: 2,
              maxlength: "2000"
            }, null, 8 /* PROPS */, ["modelValue"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_button, {
          type: "primary",
          "native-type": "submit",
          loading: saving.value,
          style: {"width":"100%"},
          size: "large"
        }, {
          default: _withCtx(() => [...(_cache[3] || (_cache[3] = [
            _createTextVNode("提交巡查记录", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }, 8 /* PROPS */, ["loading"])
      ]),
      _: 1 /* STABLE */
    }),
    (done.value.length)
      ? (_openBlock(), _createElementBlock("ul", _hoisted_2, [
          (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(done.value, (d, i) => {
            return (_openBlock(), _createElementBlock("li", { key: i }, "已记录 " + _toDisplayString(d), 1 /* TEXT */))
          }), 128 /* KEYED_FRAGMENT */))
        ]))
      : _createCommentVNode("v-if", true)
  ]))
}
}

})