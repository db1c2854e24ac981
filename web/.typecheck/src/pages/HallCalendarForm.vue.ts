// generated from web/src/pages/HallCalendarForm.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createTextVNode as _createTextVNode, renderList as _renderList, Fragment as _Fragment, openBlock as _openBlock, createElementBlock as _createElementBlock, toDisplayString as _toDisplayString, resolveComponent as _resolveComponent, withCtx as _withCtx, createBlock as _createBlock, createCommentVNode as _createCommentVNode, createVNode as _createVNode, withModifiers as _withModifiers } from "vue"

const _hoisted_1 = {
  key: 0,
  class: "muted"
}

import { ElMessage } from 'element-plus';
import { computed, reactive, ref } from 'vue';
import { api, ApiError, type CalendarDay, type CalendarView } from '../api';


export default /*@__PURE__*/_defineComponent({
  __name: 'HallCalendarForm',
  props: {
    calendars: { type: Array, required: true }
  },
  emits: ["saved"],
  setup(__props: any, { emit: __emit }) {

/**
 * A hall calendar for local holidays (广西 三月三, 藏历新年…; CONTRACT.md §8): listed days override the
 * base calendar; a shift names the calendar. Days are typed one a line: 2026-04-20 放假 三月三.
 */
const props = __props;
const emit = __emit;
const hall = computed(() => props.calendars.filter((c) => c.base));
const form = reactive({ id: '', name: '', base: 'cn-statutory' as 'cn-statutory' | 'mon-fri', lines: '' });
const saving = ref(false);

function parseLines(text: string): CalendarDay[] | string {
  const days: CalendarDay[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\d{4}-\d{2}-\d{2})\s+(放假|上班)(?:\s+(.+))?$/.exec(line);
    if (!m) return `第${i + 1}行格式应为“2026-04-20 放假 三月三”`;
    days.push({ date: m[1]!, isOffDay: m[2] === '放假', ...(m[3] ? { name: m[3] } : {}) });
  }
  return days;
}

async function edit(id: string): Promise<void> {
  try {
    const c = await api.calendar(id);
    Object.assign(form, { id: c.id, name: c.name, base: c.base ?? 'cn-statutory', lines: (c.days ?? []).map((d) => `${d.date} ${d.isOffDay ? '放假' : '上班'}${d.name ? ` ${d.name}` : ''}`).join('\n') });
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  }
}

async function save(): Promise<void> {
  const days = parseLines(form.lines);
  if (typeof days === 'string') return void ElMessage.warning(days);
  if (!form.id || !form.name) return void ElMessage.warning('请填写日历编号和名称');
  saving.value = true;
  try {
    await api.putCalendar(form.id, { name: form.name, base: form.base, days });
    ElMessage.success(`已保存日历 ${form.name}`);
    emit('saved');
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? `${e.message}${e.errors.length ? `：${e.errors.map((x) => `${x.path} ${x.message}`).join('；')}` : ''}` : String(e));
  } finally {
    saving.value = false;
  }
}

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_radio_button = _resolveComponent("el-radio-button")!
  const _component_el_radio_group = _resolveComponent("el-radio-group")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_card = _resolveComponent("el-card")!

  return (_openBlock(), _createBlock(_component_el_card, {
    shadow: "never",
    style: {"margin-top":"16px"}
  }, {
    header: _withCtx(() => [...(_cache[4] || (_cache[4] = [
      _createTextVNode("本大厅日历（地方性假日）", -1 /* CACHED */)
    ]))]),
    default: _withCtx(() => [
      (hall.value.length)
        ? (_openBlock(), _createElementBlock("p", _hoisted_1, [
            _cache[5] || (_cache[5] = _createTextVNode(" 已有：", -1 /* CACHED */)),
            (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(hall.value, (c) => {
              return (_openBlock(), _createBlock(_component_el_button, {
                key: c.id,
                link: "",
                type: "primary",
                onClick: ($event: any) => (edit(c.id))
              }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(c.name) + "（" + _toDisplayString(c.id) + "）", 1 /* TEXT */)
                ]),
                _: 2 /* DYNAMIC */
              }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["onClick"]))
            }), 128 /* KEYED_FRAGMENT */))
          ]))
        : _createCommentVNode("v-if", true),
      _createVNode(_component_el_form, {
        "label-width": "90px",
        style: {"max-width":"620px"},
        onSubmit: _withModifiers(save, ["prevent"])
      }, {
        default: _withCtx(() => [
          _createVNode(_component_el_form_item, {
            label: "编号",
            for: "hc-id"
          }, {
            default: _withCtx(() => [
              _createVNode(_component_el_input, {
                id: "hc-id",
                modelValue: form.id,
                "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((form.id) = $event)),
                placeholder: "gx"
              }, null, 8 /* PROPS */, ["modelValue"])
            ]),
            _: 1 /* STABLE */
          }),
          _createVNode(_component_el_form_item, {
            label: "名称",
            for: "hc-name"
          }, {
            default: _withCtx(() => [
              _createVNode(_component_el_input, {
                id: "hc-name",
                modelValue: form.name,
                "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((form.name) = $event)),
                placeholder: "广西壮族自治区（含三月三）"
              }, null, 8 /* PROPS */, ["modelValue"])
            ]),
            _: 1 /* STABLE */
          }),
          _createVNode(_component_el_form_item, { label: "基础日历" }, {
            default: _withCtx(() => [
              _createVNode(_component_el_radio_group, {
                modelValue: form.base,
                "onUpdate:modelValue": _cache[2] || (_cache[2] = ($event: any) => ((form.base) = $event)),
                "aria-label": "基础日历"
              }, {
                default: _withCtx(() => [
                  _createVNode(_component_el_radio_button, { value: "cn-statutory" }, {
                    default: _withCtx(() => [...(_cache[6] || (_cache[6] = [
                      _createTextVNode("国家法定节假日", -1 /* CACHED */)
                    ]))]),
                    _: 1 /* STABLE */
                  }),
                  _createVNode(_component_el_radio_button, { value: "mon-fri" }, {
                    default: _withCtx(() => [...(_cache[7] || (_cache[7] = [
                      _createTextVNode("周一至周五", -1 /* CACHED */)
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
            label: "调整日期",
            for: "hc-days"
          }, {
            default: _withCtx(() => [
              _createVNode(_component_el_input, {
                id: "hc-days",
                modelValue: form.lines,
                "onUpdate:modelValue": _cache[3] || (_cache[3] = ($event: any) => ((form.lines) = $event)),
                type: "textarea",
                rows: 4,
                placeholder: "2026-04-20 放假 三月三"
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
              _createTextVNode("保存日历", -1 /* CACHED */)
            ]))]),
            _: 1 /* STABLE */
          }, 8 /* PROPS */, ["loading"])
        ]),
        _: 1 /* STABLE */
      })
    ]),
    _: 1 /* STABLE */
  }))
}
}

})