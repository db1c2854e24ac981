// generated from web/src/pages/Leave.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, withCtx as _withCtx, createVNode as _createVNode, unref as _unref, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, createBlock as _createBlock, toDisplayString as _toDisplayString, createCommentVNode as _createCommentVNode, withModifiers as _withModifiers } from "vue"

const _hoisted_1 = {
  class: "page",
  style: {"max-width":"620px"}
}
const _hoisted_2 = {
  key: 0,
  class: "leave-done"
}

import { ElMessage } from 'element-plus';
import { reactive, ref } from 'vue';
import { api, ApiError, hallNow, newId, type HallEvent } from '../api';
import { LEAVE_KIND } from '../labels';
import { useStaff } from './useStaff';


export default /*@__PURE__*/_defineComponent({
  __name: 'Leave',
  setup(__props) {

const staff = useStaff();
const form = reactive({ type: 'attendance.leave' as 'attendance.leave' | 'attendance.away', staffId: '', kind: 'personal', from: '', to: '', reason: '' });
const saving = ref(false);
const done = ref<string[]>([]);
// <input type="datetime-local"> gives hall-local wall time; the hall is UTC+8.
const withOffset = (local: string) => `${local.length === 16 ? `${local}:00` : local}+08:00`;

async function submit(): Promise<void> {
  if (!form.staffId || !form.from || !form.to) return void ElMessage.warning('请填写人员和起止时间');
  if (form.type === 'attendance.away' && !form.reason.trim()) return void ElMessage.warning('请填写离岗事由');
  saving.value = true;
  try {
    const base = { id: newId('leave'), occurredAt: hallNow(), staffId: form.staffId, from: withOffset(form.from), to: withOffset(form.to) };
    // Leave excuses whole sessions; an approved away (离岗报备, CONTRACT.md §11) excuses patrol findings inside it.
    const event: HallEvent =
      form.type === 'attendance.leave'
        ? { ...base, type: 'attendance.leave', kind: form.kind as 'personal' }
        : { ...base, type: 'attendance.away', reason: form.reason.trim() };
    await api.post(event);
    const who = staff.value.find((s) => s.id === form.staffId)?.name ?? form.staffId;
    done.value.unshift(`${form.type === 'attendance.leave' ? '请假' : '离岗报备'}：${who} ${form.from.replace('T', ' ')} 至 ${form.to.replace('T', ' ')}`);
    ElMessage.success('已登记');
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    saving.value = false;
  }
}

return (_ctx: any,_cache: any) => {
  const _component_el_radio_button = _resolveComponent("el-radio-button")!
  const _component_el_radio_group = _resolveComponent("el-radio-group")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_option = _resolveComponent("el-option")!
  const _component_el_select = _resolveComponent("el-select")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_form = _resolveComponent("el-form")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[9] || (_cache[9] = _createElementVNode("h1", null, "请假与离岗报备", -1 /* CACHED */)),
    _cache[10] || (_cache[10] = _createElementVNode("p", { class: "muted" }, "请假按整段班次免于考勤；离岗报备（离岗超过20分钟须报备、AB岗顶岗）期间的巡查“脱岗”“离岗未报备”记录不扣分。", -1 /* CACHED */)),
    _createVNode(_component_el_form, {
      "label-position": "top",
      onSubmit: _withModifiers(submit, ["prevent"])
    }, {
      default: _withCtx(() => [
        _createVNode(_component_el_form_item, { label: "类型" }, {
          default: _withCtx(() => [
            _createVNode(_component_el_radio_group, {
              modelValue: form.type,
              "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((form.type) = $event)),
              "aria-label": "类型"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_radio_button, { value: "attendance.leave" }, {
                  default: _withCtx(() => [...(_cache[6] || (_cache[6] = [
                    _createTextVNode("请假", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                }),
                _createVNode(_component_el_radio_button, { value: "attendance.away" }, {
                  default: _withCtx(() => [...(_cache[7] || (_cache[7] = [
                    _createTextVNode("离岗报备", -1 /* CACHED */)
                  ]))]),
                  _: 1 /* STABLE */
                })
              ]),
              _: 1 /* STABLE */
            }, 8 /* PROPS */, ["modelValue"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_form_item, {
          label: "窗口工作人员",
          for: "leave-staff"
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_select, {
              id: "leave-staff",
              modelValue: form.staffId,
              "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((form.staffId) = $event)),
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
        (form.type === 'attendance.leave')
          ? (_openBlock(), _createBlock(_component_el_form_item, {
              key: 0,
              label: "假别"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_radio_group, {
                  modelValue: form.kind,
                  "onUpdate:modelValue": _cache[2] || (_cache[2] = ($event: any) => ((form.kind) = $event)),
                  "aria-label": "假别"
                }, {
                  default: _withCtx(() => [
                    (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(_unref(LEAVE_KIND), (label, code) => {
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
            }))
          : (_openBlock(), _createBlock(_component_el_form_item, {
              key: 1,
              label: "离岗事由（含顶岗人员）",
              for: "leave-reason"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_input, {
                  id: "leave-reason",
                  modelValue: form.reason,
                  "onUpdate:modelValue": _cache[3] || (_cache[3] = ($event: any) => ((form.reason) = $event))
                }, null, 8 /* PROPS */, ["modelValue"])
              ]),
              _: 1 /* STABLE */
            })),
        _createVNode(_component_el_form_item, {
          label: "开始时间",
          for: "leave-from"
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_input, {
              id: "leave-from",
              modelValue: form.from,
              "onUpdate:modelValue": _cache[4] || (_cache[4] = ($event: any) => ((form.from) = $event)),
              type: "datetime-local"
            }, null, 8 /* PROPS */, ["modelValue"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_form_item, {
          label: "结束时间",
          for: "leave-to"
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_input, {
              id: "leave-to",
              modelValue: form.to,
              "onUpdate:modelValue": _cache[5] || (_cache[5] = ($event: any) => ((form.to) = $event)),
              type: "datetime-local"
            }, null, 8 /* PROPS */, ["modelValue"])
          ]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_button, {
          type: "primary",
          "native-type": "submit",
          loading: saving.value
        }, {
          default: _withCtx(() => [...(_cache[8] || (_cache[8] = [
            _createTextVNode("登记", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }, 8 /* PROPS */, ["loading"])
      ]),
      _: 1 /* STABLE */
    }),
    (done.value.length)
      ? (_openBlock(), _createElementBlock("ul", _hoisted_2, [
          (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(done.value, (d, i) => {
            return (_openBlock(), _createElementBlock("li", { key: i }, "已登记 " + _toDisplayString(d), 1 /* TEXT */))
          }), 128 /* KEYED_FRAGMENT */))
        ]))
      : _createCommentVNode("v-if", true)
  ]))
}
}

})