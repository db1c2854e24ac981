// generated from web/src/pages/SheetDetail.vue by scripts/typecheck-web.ts
// @ts-nocheck-off
import { defineComponent as _defineComponent } from 'vue'
import { createTextVNode as _createTextVNode, resolveComponent as _resolveComponent, unref as _unref, withCtx as _withCtx, createVNode as _createVNode, openBlock as _openBlock, createBlock as _createBlock, createCommentVNode as _createCommentVNode, toDisplayString as _toDisplayString, createElementVNode as _createElementVNode, createElementBlock as _createElementBlock, renderList as _renderList, Fragment as _Fragment, withModifiers as _withModifiers } from "vue"

const _hoisted_1 = { class: "page" }
const _hoisted_2 = {
  key: 1,
  class: "muted"
}
const _hoisted_3 = ["data-event-id"]
const _hoisted_4 = { style: {"margin":"0 8px"} }
const _hoisted_5 = { class: "muted" }
const _hoisted_6 = {
  key: 1,
  class: "muted"
}
const _hoisted_7 = { key: 0 }

import { ElMessage } from 'element-plus';
import { computed, onMounted, reactive, ref } from 'vue';
import { api, ApiError, hallNow, newId, type Role, type Sheet, type StoredEvent } from '../api';
import { dt, EVENT, GRADE, ITEM, pct } from '../labels';
import { periodLabel } from '../periods';
import { go, route } from '../router';


export default /*@__PURE__*/_defineComponent({
  __name: 'SheetDetail',
  props: {
    keyRole: { type: null, required: true }
  },
  setup(__props: any) {

const props = __props;
/** Voiding a mistaken source event (event.voided, CONTRACT.md §11): admin only; the event stays stored. */
const voiding = reactive({ open: false, target: null as StoredEvent | null, reason: '', saving: false });
function askVoid(e: StoredEvent): void {
  Object.assign(voiding, { open: true, target: e, reason: '' });
}
async function confirmVoid(): Promise<void> {
  const t = voiding.target!;
  if (!voiding.reason.trim()) return void ElMessage.warning('请填写作废原因');
  voiding.saving = true;
  try {
    await api.post({ id: newId('void'), type: 'event.voided', occurredAt: hallNow(), source: t.source, eventId: t.event.id, reason: voiding.reason.trim() });
    ElMessage.success(`事件 ${t.event.id} 已作废，考核表已重算`);
    voiding.open = false;
    openItem.value = null;
    await load();
  } catch (e) {
    ElMessage.error(e instanceof ApiError ? e.message : String(e));
  } finally {
    voiding.saving = false;
  }
}

const sheet = ref<Sheet | null>(null);
const events = ref<StoredEvent[]>([]);
const error = ref('');
const openItem = ref<number | null>(null);
const byId = computed(() => new Map(events.value.map((e) => [e.event.id, e])));

async function load(): Promise<void> {
  error.value = '';
  try {
    const [s, ev] = await Promise.all([api.sheet(route.query.period!, route.query.staffId!), api.sheetEvents(route.query.period!, route.query.staffId!)]);
    sheet.value = s;
    events.value = ev.events;
  } catch (e) {
    error.value = e instanceof ApiError ? e.message : String(e);
  }
}
const detail = (e: StoredEvent): string => {
  const { id: _i, type: _t, occurredAt: _o, staffId: _s, ...rest } = e.event as Record<string, unknown>;
  return Object.entries(rest).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('；');
};
onMounted(load);

return (_ctx: any,_cache: any) => {
  const _component_el_button = _resolveComponent("el-button")!
  const _component_el_alert = _resolveComponent("el-alert")!
  const _component_el_descriptions_item = _resolveComponent("el-descriptions-item")!
  const _component_el_descriptions = _resolveComponent("el-descriptions")!
  const _component_el_empty = _resolveComponent("el-empty")!
  const _component_el_table_column = _resolveComponent("el-table-column")!
  const _component_el_table = _resolveComponent("el-table")!
  const _component_el_tag = _resolveComponent("el-tag")!
  const _component_el_card = _resolveComponent("el-card")!
  const _component_el_input = _resolveComponent("el-input")!
  const _component_el_form_item = _resolveComponent("el-form-item")!
  const _component_el_form = _resolveComponent("el-form")!
  const _component_el_dialog = _resolveComponent("el-dialog")!

  return (_openBlock(), _createElementBlock("section", _hoisted_1, [
    _createVNode(_component_el_button, {
      link: "",
      onClick: _cache[0] || (_cache[0] = ($event: any) => (_unref(go)('/sheets', { period: _unref(route).query.period ?? '' })))
    }, {
      default: _withCtx(() => [...(_cache[4] || (_cache[4] = [
        _createTextVNode("← 返回考核表", -1 /* CACHED */)
      ]))]),
      _: 1 /* STABLE */
    }),
    (error.value)
      ? (_openBlock(), _createBlock(_component_el_alert, {
          key: 0,
          title: error.value,
          type: "error",
          closable: false
        }, null, 8 /* PROPS */, ["title"]))
      : _createCommentVNode("v-if", true),
    (sheet.value)
      ? (_openBlock(), _createElementBlock(_Fragment, { key: 1 }, [
          _createElementVNode("h1", null, _toDisplayString(sheet.value.name) + " · " + _toDisplayString(_unref(periodLabel)(sheet.value.period)), 1 /* TEXT */),
          _createVNode(_component_el_descriptions, {
            column: 3,
            border: "",
            size: "small"
          }, {
            default: _withCtx(() => [
              _createVNode(_component_el_descriptions_item, { label: "得分" }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(sheet.value.score.toFixed(2)), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "等次" }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(_unref(GRADE)[sheet.value.grade] ?? sheet.value.grade), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "状态" }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(sheet.value.status === 'closed' ? `已归档（第${sheet.value.version}版）` : '进行中'), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "窗口" }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(sheet.value.windowId), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "派驻部门" }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(sheet.value.departmentId), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "满意率" }, {
                default: _withCtx(() => [
                  _createTextVNode(_toDisplayString(_unref(pct)(sheet.value.evaluations.satisfactionRate)) + "（" + _toDisplayString(sheet.value.evaluations.count) + " 条评价）", 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "出勤" }, {
                default: _withCtx(() => [
                  _createTextVNode("应出勤 " + _toDisplayString(sheet.value.attendance.workdays) + " 天，迟到 " + _toDisplayString(sheet.value.attendance.late) + "，早退 " + _toDisplayString(sheet.value.attendance.earlyLeave) + "，缺卡 " + _toDisplayString(sheet.value.attendance.missingPunch) + "，旷工 " + _toDisplayString(sheet.value.attendance.absent), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              _createVNode(_component_el_descriptions_item, { label: "投诉" }, {
                default: _withCtx(() => [
                  _createTextVNode("受理 " + _toDisplayString(sheet.value.complaints.filed) + "，属实 " + _toDisplayString(sheet.value.complaints.substantiated) + "，待裁定 " + _toDisplayString(sheet.value.complaints.pending), 1 /* TEXT */)
                ]),
                _: 1 /* STABLE */
              }),
              (sheet.value.rectification)
                ? (_openBlock(), _createBlock(_component_el_descriptions_item, {
                    key: 0,
                    label: "差评整改"
                  }, {
                    default: _withCtx(() => [
                      _createTextVNode(" 差评 " + _toDisplayString(sheet.value.rectification.badReviews) + "，已整改 " + _toDisplayString(sheet.value.rectification.rectified) + "，逾期 " + _toDisplayString(sheet.value.rectification.overdue) + "，待整改 " + _toDisplayString(sheet.value.rectification.pending) + "，回访 " + _toDisplayString(sheet.value.rectification.revisited), 1 /* TEXT */)
                    ]),
                    _: 1 /* STABLE */
                  }))
                : _createCommentVNode("v-if", true),
              (sheet.value.computedScore !== undefined)
                ? (_openBlock(), _createBlock(_component_el_descriptions_item, {
                    key: 1,
                    label: "计算得分"
                  }, {
                    default: _withCtx(() => [
                      _createTextVNode(_toDisplayString(sheet.value.computedScore.toFixed(2)) + _toDisplayString(sheet.value.gradeCapped ? '（超出优秀名额，定为良好）' : ''), 1 /* TEXT */)
                    ]),
                    _: 1 /* STABLE */
                  }))
                : _createCommentVNode("v-if", true),
              (sheet.value.veto)
                ? (_openBlock(), _createBlock(_component_el_descriptions_item, {
                    key: 2,
                    label: "一票否决"
                  }, {
                    default: _withCtx(() => [...(_cache[5] || (_cache[5] = [
                      _createTextVNode("是", -1 /* CACHED */)
                    ]))]),
                    _: 1 /* STABLE */
                  }))
                : _createCommentVNode("v-if", true)
            ]),
            _: 1 /* STABLE */
          }),
          _cache[8] || (_cache[8] = _createElementVNode("h2", { style: {"font-size":"16px"} }, "扣分与加分明细", -1 /* CACHED */)),
          (sheet.value.items.length === 0)
            ? (_openBlock(), _createBlock(_component_el_empty, {
                key: 0,
                description: "本期无扣分、加分项"
              }))
            : (_openBlock(), _createBlock(_component_el_table, {
                key: 1,
                data: sheet.value.items,
                class: "items",
                "row-key": "code"
              }, {
                default: _withCtx(() => [
                  _createVNode(_component_el_table_column, {
                    label: "项目",
                    "min-width": "90"
                  }, {
                    default: _withCtx(({ row }) => [
                      _createTextVNode(_toDisplayString(_unref(ITEM)[row.code] ?? row.code), 1 /* TEXT */)
                    ]),
                    _: 1 /* STABLE */
                  }),
                  _createVNode(_component_el_table_column, {
                    label: "分值",
                    "min-width": "60"
                  }, {
                    default: _withCtx(({ row }) => [
                      _createTextVNode(_toDisplayString(row.points > 0 ? `+${row.points}` : row.points), 1 /* TEXT */)
                    ]),
                    _: 1 /* STABLE */
                  }),
                  _createVNode(_component_el_table_column, {
                    label: "时间",
                    "min-width": "130"
                  }, {
                    default: _withCtx(({ row }) => [
                      _createTextVNode(_toDisplayString(row.at?.slice(0, 16).replace('T', ' ') ?? '—'), 1 /* TEXT */)
                    ]),
                    _: 1 /* STABLE */
                  }),
                  _createVNode(_component_el_table_column, {
                    prop: "note",
                    label: "说明",
                    "min-width": "200"
                  }),
                  _createVNode(_component_el_table_column, {
                    label: "来源事件",
                    "min-width": "100"
                  }, {
                    default: _withCtx(({ row, $index }) => [
                      (row.refs.length)
                        ? (_openBlock(), _createBlock(_component_el_button, {
                            key: 0,
                            link: "",
                            type: "primary",
                            class: "show-sources",
                            onClick: ($event: any) => (openItem.value = openItem.value === $index ? null : $index)
                          }, {
                            default: _withCtx(() => [
                              _createTextVNode("查看来源（" + _toDisplayString(row.refs.length) + "）", 1 /* TEXT */)
                            ]),
                            _: 2 /* DYNAMIC */
                          }, 1032 /* PROPS, DYNAMIC_SLOTS */, ["onClick"]))
                        : (_openBlock(), _createElementBlock("span", _hoisted_2, "无打卡记录"))
                    ]),
                    _: 1 /* STABLE */
                  })
                ]),
                _: 1 /* STABLE */
              }, 8 /* PROPS */, ["data"])),
          (openItem.value !== null && sheet.value.items[openItem.value])
            ? (_openBlock(), _createBlock(_component_el_card, {
                key: 2,
                class: "sources",
                shadow: "never",
                style: {"margin-top":"12px"}
              }, {
                header: _withCtx(() => [
                  _createTextVNode("来源事件：" + _toDisplayString(_unref(ITEM)[sheet.value.items[openItem.value]!.code] ?? sheet.value.items[openItem.value]!.code), 1 /* TEXT */)
                ]),
                default: _withCtx(() => [
                  (_openBlock(true), _createElementBlock(_Fragment, null, _renderList(sheet.value.items[openItem.value]!.refs, (ref) => {
                    return (_openBlock(), _createElementBlock("div", {
                      key: ref,
                      class: "source-event",
                      "data-event-id": ref,
                      style: {"margin-bottom":"8px"}
                    }, [
                      (byId.value.get(ref))
                        ? (_openBlock(), _createElementBlock(_Fragment, { key: 0 }, [
                            _createVNode(_component_el_tag, { size: "small" }, {
                              default: _withCtx(() => [
                                _createTextVNode(_toDisplayString(_unref(EVENT)[byId.value.get(ref)!.event.type] ?? byId.value.get(ref)!.event.type), 1 /* TEXT */)
                              ]),
                              _: 2 /* DYNAMIC */
                            }, 1024 /* DYNAMIC_SLOTS */),
                            _createElementVNode("span", _hoisted_4, _toDisplayString(byId.value.get(ref)!.event.occurredAt.slice(0, 19).replace('T', ' ')), 1 /* TEXT */),
                            _createElementVNode("span", _hoisted_5, "编号 " + _toDisplayString(ref) + " · 来源 " + _toDisplayString(byId.value.get(ref)!.source) + " · " + _toDisplayString(detail(byId.value.get(ref)!)), 1 /* TEXT */),
                            (props.keyRole === 'admin')
                              ? (_openBlock(), _createBlock(_component_el_button, {
                                  key: 0,
                                  link: "",
                                  type: "danger",
                                  size: "small",
                                  style: {"margin-left":"8px"},
                                  onClick: ($event: any) => (askVoid(byId.value.get(ref)!))
                                }, {
                                  default: _withCtx(() => [...(_cache[6] || (_cache[6] = [
                                    _createTextVNode("作废此事件", -1 /* CACHED */)
                                  ]))]),
                                  _: 1 /* STABLE */
                                }, 8 /* PROPS */, ["onClick"]))
                              : _createCommentVNode("v-if", true)
                          ], 64 /* STABLE_FRAGMENT */))
                        : (_openBlock(), _createElementBlock("span", _hoisted_6, "事件 " + _toDisplayString(ref) + "（不在本期分区）", 1 /* TEXT */))
                    ], 8 /* PROPS */, _hoisted_3))
                  }), 128 /* KEYED_FRAGMENT */))
                ]),
                _: 1 /* STABLE */
              }))
            : _createCommentVNode("v-if", true),
          (sheet.value.voided?.length)
            ? (_openBlock(), _createElementBlock(_Fragment, { key: 3 }, [
                _cache[7] || (_cache[7] = _createElementVNode("h2", { style: {"font-size":"16px"} }, "已作废的事件", -1 /* CACHED */)),
                _createVNode(_component_el_table, {
                  data: sheet.value.voided,
                  class: "voided-list",
                  size: "small"
                }, {
                  default: _withCtx(() => [
                    _createVNode(_component_el_table_column, {
                      prop: "eventId",
                      label: "事件编号",
                      "min-width": "140"
                    }),
                    _createVNode(_component_el_table_column, {
                      prop: "source",
                      label: "来源",
                      "min-width": "100"
                    }),
                    _createVNode(_component_el_table_column, {
                      prop: "reason",
                      label: "作废原因",
                      "min-width": "200"
                    }),
                    _createVNode(_component_el_table_column, {
                      label: "作废时间",
                      "min-width": "130"
                    }, {
                      default: _withCtx(({ row }) => [
                        _createTextVNode(_toDisplayString(_unref(dt)(row.at)), 1 /* TEXT */)
                      ]),
                      _: 1 /* STABLE */
                    })
                  ]),
                  _: 1 /* STABLE */
                }, 8 /* PROPS */, ["data"])
              ], 64 /* STABLE_FRAGMENT */))
            : _createCommentVNode("v-if", true)
        ], 64 /* STABLE_FRAGMENT */))
      : _createCommentVNode("v-if", true),
    _createVNode(_component_el_dialog, {
      modelValue: voiding.open,
      "onUpdate:modelValue": _cache[3] || (_cache[3] = ($event: any) => ((voiding.open) = $event)),
      title: "作废事件",
      width: "440px"
    }, {
      footer: _withCtx(() => [
        _createVNode(_component_el_button, {
          onClick: _cache[2] || (_cache[2] = ($event: any) => (voiding.open = false))
        }, {
          default: _withCtx(() => [...(_cache[9] || (_cache[9] = [
            _createTextVNode("取消", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }),
        _createVNode(_component_el_button, {
          type: "danger",
          loading: voiding.saving,
          onClick: confirmVoid
        }, {
          default: _withCtx(() => [...(_cache[10] || (_cache[10] = [
            _createTextVNode("确认作废", -1 /* CACHED */)
          ]))]),
          _: 1 /* STABLE */
        }, 8 /* PROPS */, ["loading"])
      ]),
      default: _withCtx(() => [
        (voiding.target)
          ? (_openBlock(), _createElementBlock("p", _hoisted_7, _toDisplayString(_unref(EVENT)[voiding.target.event.type] ?? voiding.target.event.type) + " " + _toDisplayString(voiding.target.event.id) + "（来源 " + _toDisplayString(voiding.target.source) + "）将不再参与任何计算；原始记录保留。 ", 1 /* TEXT */))
          : _createCommentVNode("v-if", true),
        _createVNode(_component_el_form, {
          "label-position": "top",
          onSubmit: _withModifiers(confirmVoid, ["prevent"])
        }, {
          default: _withCtx(() => [
            _createVNode(_component_el_form_item, {
              label: "作废原因",
              for: "void-reason"
            }, {
              default: _withCtx(() => [
                _createVNode(_component_el_input, {
                  id: "void-reason",
                  modelValue: voiding.reason,
                  "onUpdate:modelValue": _cache[1] || (_cache[1] = ($event: any) => ((voiding.reason) = $event))
                }, null, 8 /* PROPS */, ["modelValue"])
              ]),
              _: 1 /* STABLE */
            })
          ]),
          _: 1 /* STABLE */
        })
      ]),
      _: 1 /* STABLE */
    }, 8 /* PROPS */, ["modelValue"])
  ]))
}
}

})