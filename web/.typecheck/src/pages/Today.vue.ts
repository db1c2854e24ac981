// generated from web/src/pages/Today.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createElementVNode as _createElementVNode, resolveComponent as _resolveComponent, createVNode as _createVNode, createTextVNode as _createTextVNode, withCtx as _withCtx, toDisplayString as _toDisplayString, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, renderList as _renderList, Fragment as _Fragment, createElementBlock as _createElementBlock, unref as _unref } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = { class: "toolbar" }
const _hoisted_3 = {
  key: 1,
  class: "cards"
}
const _hoisted_4 = { style: {"display":"flex","justify-content":"space-between"} }
const _hoisted_5 = { class: "muted" }
const _hoisted_6 = {
  key: 0,
  style: {"margin":"4px 0"}
}
const _hoisted_7 = {
  key: 1,
  class: "muted"
}
const _hoisted_8 = { class: "muted" }
const _hoisted_9 = { class: "muted" }

import { onMounted, ref } from 'vue';
import { api, ApiError, type Today } from '../api';
import { hm, STATUS, STATUS_TYPE } from '../labels';


export default /*@__PURE__*/_defineComponent({
  __name: 'Today',
  setup(__props) {

const data = ref<Today | null>(null);
const date = ref('');
const error = ref('');
async function load(): Promise<void> {
  error.value = '';
  try {
    data.value = await api.today(date.value || undefined);
    date.value = data.value.date;
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  }
}
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_tag = _resolveComponent("el-tag")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_card = _resolveComponent("el-card")!
  const _component_el_empty = _resolveComponent("el-empty")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _cache[5] || (_cache[5] = _createElementVNode("h1", null, "今日考勤", -1 /* CACHED */)),
    _createElementVNode("div", _hoisted_2, [
      _cache[2] || (_cache[2] = _createElementVNode("label", {
        class: "muted",
        for: "today-date"
      }, "日期", -1 /* CACHED */)),
      _createVNode(_component_el_input, {
        id: "today-date",
        modelValue: date.value,
        "onUpdate:modelValue": _cache[0] || (_cache[0] = ($event: any) => ((date).value = $event)),
        type: "date",
        style: {"width":"170px"},
        onChange: load
      }, null, 8 /* PROPS */, ["modelValue"]),
      _createVNode(_component_el_button, { onClick: load }, {
        default: _withCtx(() => [...(_cache[1] || (_cache[1] = [
          _createTextVNode("刷新", -1 /* CACHED */)
        ]))]),
        _: 1 /* STABLE */
      }),
      (data.value)
        ? (_openBlock(), _createBlock(_component_el_tag, {
            key: 0,
            type: data.value.workday ? 'success' : 'info'
          }, {
            default: _withCtx(() => [
              _createTextVNode(_toDisplayString(data.value.workday ? '工作日' : '休息日'), 1 /* TEXT */)
            ]),
            _: 1 /* STABLE */
          }, 8 /* PROPS */, ["type"]))
        : _createCommentVNode("v-if", true)
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
      ? (_openBlock(), _createElementBlock("div", _hoisted_3, [
          (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(data.value.staff, (s) => {
            return (_openBlock(), _createBlock(_component_el_card, {
              key: s.staffId,
              shadow: "never",
              "data-staff": s.staffId
            }, {
              default: _withCtx(() => [
                _createElementVNode("div", _hoisted_4, [
                  _createElementVNode("strong", null, _toDisplayString(s.name), 1 /* TEXT */),
                  _createElementVNode("span", _hoisted_5, _toDisplayString(s.windowId), 1 /* TEXT */)
                ]),
                (s.onLeave || s.away)
                  ? (_openBlock(), _createElementBlock("div", _hoisted_6, [
                      (s.onLeave)
                        ? (_openBlock(), _createBlock(_component_el_tag, {
                            key: 0,
                            type: "info",
                            size: "small"
                          }, {
                            default: _withCtx(() => [...(_cache[3] || (_cache[3] = [
                              _createTextVNode("请假", -1 /* CACHED */)
                            ]))]),
                            _: 1 /* STABLE */
                          }))
                        : _createCommentVNode("v-if", true),
                      (s.away)
                        ? (_openBlock(), _createBlock(_component_el_tag, {
                            key: 1,
                            type: "info",
                            size: "small"
                          }, {
                            default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
                              _createTextVNode("公务外出", -1 /* CACHED */)
                            ]))]),
                            _: 1 /* STABLE */
                          }))
                        : _createCommentVNode("v-if", true)
                    ]))
                  : _createCommentVNode("v-if", true),
                (s.sessions.length === 0)
                  ? (_openBlock(), _createElementBlock("p", _hoisted_7, "今日无班次"))
                  : _createCommentVNode("v-if", true),
                (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(s.sessions, (x, i) => {
                  return (_openBlock(), _createElementBlock("div", {
                    key: i,
                    style: {"display":"flex","gap":"8px","align-items":"center","margin-top":"6px"}
                  }, [
                    _createElementVNode("span", _hoisted_8, _toDisplayString(x.start) + "–" + _toDisplayString(x.end), 1 /* TEXT */),
                    _createVNode(_component_el_tag, {
                      type: _unref(STATUS_TYPE)[x.status],
                      size: "small",
                      class: "status"
                    }, {
                      default: _withCtx(() => [
                        _createTextVNode(_toDisplayString(_unref(STATUS)[x.status]), 1 /* TEXT */)
                      ]),
                      _: 2 /* DYNAMIC */
                    }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["type"]),
                    _createElementVNode("span", _hoisted_9, "签到 " + _toDisplayString(_unref(hm)(x.arrival)) + " · 签退 " + _toDisplayString(_unref(hm)(x.departure)), 1 /* TEXT */)
                  ]))
                }), 128 /* KEYED_FRAGMENT */))
              ]),
              _: 2 /* DYNAMIC */
            }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["data-staff"]))
          }), 128 /* KEYED_FRAGMENT */))
        ]))
      : _createCommentVNode("v-if", true),
    (data.value && data.value.staff.length === 0)
      ? (_openBlock(), _createBlock(_component_el_empty, {
          key: 2,
          description: "本大厅暂无在岗人员"
        }))
      : _createCommentVNode("v-if", true)
  ]))
}
}

})